/**
 * Guesses the architecture family of a Net from its code, with the family names the snippet
 * library uses, so retrieval can leave the seed's own family out of the prompt (NN-Caption
 * samples snippets from families other than the seed's). Text heuristics, ordered from the most
 * specific signature to the least: a ConvNeXt block also has depthwise convolutions, so it must
 * be tested before MobileNet.
 */

interface FamilySignature {
  readonly family: string;
  /** Every pattern must occur in the code. */
  readonly all: readonly RegExp[];
}

const layer = (name: string): RegExp => new RegExp(`\\b${name}\\s*\\(`);
const depthwise = /\b(depthwiseConv2d|separableConv2d)\s*\(/;
const concat = layer('concatenate');
const norm = layer('layerNormalization');
// The add layer, not Sequential's model.add() nor the tensor op tf.add (a bias add).
const residual = /\blayers\.add\s*\(/;
const squeeze =
  /\bglobalAveragePooling2d\s*\([\s\S]*\bmultiply\s*\(|\bmultiply\s*\([\s\S]*\bglobalAveragePooling2d\s*\(/;

const signatures: readonly FamilySignature[] = [
  { family: 'vit', all: [/\b(dot|matMul)\s*\(/, /\bsoftmax\b/, norm] },
  { family: 'mlp-mixer', all: [layer('permute'), norm, layer('dense')] },
  { family: 'convnext', all: [depthwise, norm] },
  { family: 'shufflenet', all: [layer('permute'), layer('reshape'), depthwise] },
  { family: 'efficientnet', all: [depthwise, squeeze] },
  { family: 'ghostnet', all: [depthwise, concat] },
  { family: 'mobilenet', all: [depthwise] },
  { family: 'cbam', all: [layer('globalMaxPooling2d'), layer('multiply')] },
  { family: 'senet', all: [squeeze] },
  { family: 'densenet', all: [concat, /\b(for|while)\s*\(/] },
  { family: 'squeezenet', all: [concat, /\bsqueeze\w*\s*=|\bfire\w*\s*\(/i] },
  { family: 'inception', all: [concat] },
  // RepVGG differs from ResNet only in branch shapes; text cannot tell them apart, its names can.
  { family: 'repvgg', all: [residual, /rep-?vgg/i] },
  { family: 'resnet', all: [residual] },
  { family: 'vgg', all: [layer('conv2d')] },
];

/**
 * The family of the Net in `code` (`resnet`, `mobilenet`, `inception`, `vgg`, …), or undefined
 * when nothing matches (e.g. a plain MLP). Comments are ignored so a remark cannot change it.
 */
export function detectFamily(code: string): string | undefined {
  const stripped = code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  return signatures.find((s) => s.all.every((p) => p.test(stripped)))?.family;
}
