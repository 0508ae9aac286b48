// A local ESLint rule that keeps the layers one-way by resolving every relative import to the folder it
// lands in. Name patterns alone cannot do this: `../../host/x` from src/core and from src/core/cycle point
// at different places, so the rule resolves the specifier against the importing file and checks zones.
import path from 'node:path';

/**
 * Zones: a file under `from` may not import anything under a path in `forbid` (relative to the repository
 * root); with `allowOnly`, every relative import must land inside one of those folders instead.
 * @typedef {{ from: string, forbid?: string[], allowOnly?: string[], message: string }} LayerZone
 */

/** Whether `target` (absolute) is `folder` (absolute) or lies below it. */
function isInside(target, folder) {
  const rel = path.relative(folder, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The rule: options are `{ root: string, zones: LayerZone[] }`. */
export const layerImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps the layers one-way: a zone may not import from the folders it forbids.' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          zones: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                from: { type: 'string' },
                forbid: { type: 'array', items: { type: 'string' } },
                allowOnly: { type: 'array', items: { type: 'string' } },
                message: { type: 'string' },
              },
              required: ['from', 'message'],
              additionalProperties: false,
            },
          },
        },
        required: ['root', 'zones'],
        additionalProperties: false,
      },
    ],
    messages: { crossesLayer: "'{{specifier}}' reaches {{target}}: {{message}}" },
  },
  create(context) {
    const { root, zones } = context.options[0];
    const file = path.resolve(context.filename);
    const active = zones.filter((zone) => isInside(file, path.resolve(root, zone.from)));
    if (active.length === 0) return {};

    /** Checks one module specifier; bare package names (`uplot`, `node:fs`) are not paths and pass. */
    function check(node, specifier) {
      if (typeof specifier !== 'string' || !(specifier.startsWith('.') || path.isAbsolute(specifier))) return;
      const target = path.resolve(path.dirname(file), specifier);
      for (const zone of active) {
        const forbidden = (zone.forbid ?? []).some((folder) => isInside(target, path.resolve(root, folder)));
        const outsideAllowed =
          zone.allowOnly !== undefined &&
          !zone.allowOnly.some((folder) => isInside(target, path.resolve(root, folder)));
        if (forbidden || outsideAllowed) {
          const shown = path.relative(root, target).split(path.sep).join('/');
          context.report({
            node,
            messageId: 'crossesLayer',
            data: { specifier, target: shown, message: zone.message },
          });
          return;
        }
      }
    }

    const sourceOf = (node) => (node.source && node.source.type === 'Literal' ? node.source.value : undefined);
    return {
      ImportDeclaration: (node) => check(node.source, sourceOf(node)),
      ExportNamedDeclaration: (node) => node.source && check(node.source, sourceOf(node)),
      ExportAllDeclaration: (node) => check(node.source, sourceOf(node)),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' &&
        check(node.moduleReference.expression, node.moduleReference.expression.value),
      CallExpression: (node) => {
        const [first] = node.arguments;
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && first && first.type === 'Literal') {
          check(first, first.value);
        }
      },
      TSImportType: (node) => {
        const literal = node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument;
        if (literal && literal.type === 'Literal') check(literal, literal.value);
      },
    };
  },
};
