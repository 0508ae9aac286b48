/**
 * Text edits the quick fixes are made of: insert a class member, insert or remove a list element,
 * remove a whole statement. They match the file's indentation, quotes and line breaks so a fixed
 * file reads as if written by hand.
 */
import * as ts from 'typescript';
import type { TextEdit } from './finding';
import type { NetFile } from './netFile';

/** The whitespace a line starts with, for the line holding `offset`. */
export function indentAt(source: string, offset: number): string {
  let start = offset;
  while (start > 0 && source[start - 1] !== '\n' && source[start - 1] !== '\r') start--;
  let end = start;
  while (end < source.length && (source[end] === ' ' || source[end] === '\t')) end++;
  return source.slice(start, end);
}

/** Indents every non-empty line of `lines` and joins them with the file's line break. */
export function indentLines(file: NetFile, lines: readonly string[], indent: string): string {
  const unit = unitOf(file);
  return lines
    .map((l) => (l.length === 0 ? '' : indent + l.replace(/^( {2})+/, (m) => unit.repeat(m.length / 2))))
    .join(file.newline);
}

/** The file's indentation step: a tab when its lines start with tabs, else two spaces. */
export function unitOf(file: NetFile): string {
  return /^\t/m.test(file.source) ? '\t' : '  ';
}

/** Indentation of members of `cls` (that of its first member, else one step past the class). */
export function memberIndent(file: NetFile, cls: ts.ClassLikeDeclaration): string {
  const first = cls.members[0];
  if (first) return indentAt(file.source, first.getStart());
  return indentAt(file.source, cls.getStart()) + unitOf(file);
}

/** Inserts a member (given unindented, two-space nested) after the last member of `cls`. */
export function appendMember(file: NetFile, cls: ts.ClassLikeDeclaration, lines: readonly string[]): TextEdit {
  const indent = memberIndent(file, cls);
  const text = indentLines(file, lines, indent);
  const nl = file.newline;
  if (cls.members.length === 0) {
    const closeIndent = indentAt(file.source, cls.getStart());
    return { range: { start: cls.members.end, end: cls.members.end }, newText: `${nl}${text}${nl}${closeIndent}` };
  }
  const at = cls.members.end;
  return { range: { start: at, end: at }, newText: `${nl}${nl}${text}` };
}

/** Inserts a member before the first member of `cls` (fields go on top). */
export function prependMember(file: NetFile, cls: ts.ClassLikeDeclaration, lines: readonly string[]): TextEdit {
  const indent = memberIndent(file, cls);
  const at = cls.members.pos;
  return { range: { start: at, end: at }, newText: `${file.newline}${indentLines(file, lines, indent)}` };
}

/** Appends a statement at the end of a block body, or before its final `return` so it still runs. */
export function appendStatement(file: NetFile, block: ts.Block, line: string): TextEdit {
  const statements = block.statements;
  const last = statements[statements.length - 1];
  if (last && ts.isReturnStatement(last)) {
    const indent = indentAt(file.source, last.getStart());
    const at = last.getStart();
    return { range: { start: at, end: at }, newText: `${line}${file.newline}${indent}` };
  }
  const indent = last ? indentAt(file.source, last.getStart()) : indentAt(file.source, block.getStart()) + unitOf(file);
  const at = last ? last.end : statements.pos;
  const close = last ? '' : file.newline + indentAt(file.source, block.getStart());
  return { range: { start: at, end: at }, newText: `${file.newline}${indent}${line}${close}` };
}

/** The quote character the file's string literals mostly use. */
export function quoteOf(file: NetFile, sample?: ts.Node): string {
  const text = sample ? sample.getText() : '';
  if (text.startsWith('"') || text.startsWith("'")) return text[0];
  return file.source.split('"').length > file.source.split("'").length ? '"' : "'";
}

/** Adds string elements to the end of an array literal. */
export function appendElements(file: NetFile, list: ts.ArrayLiteralExpression, values: readonly string[]): TextEdit {
  const q = quoteOf(file, list.elements[0]);
  const quoted = values.map((v) => q + v.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`) + q);
  const last = list.elements[list.elements.length - 1];
  if (!last) return { range: { start: list.elements.pos, end: list.elements.end }, newText: quoted.join(', ') };
  return { range: { start: last.end, end: last.end }, newText: quoted.map((v) => `, ${v}`).join('') };
}

/** Removes element `index` of an array literal together with the comma that separates it. */
export function removeElement(list: ts.ArrayLiteralExpression, index: number): TextEdit {
  const elements = list.elements;
  const element = elements[index];
  if (index + 1 < elements.length)
    return { range: { start: element.getStart(), end: elements[index + 1].getStart() }, newText: '' };
  if (index > 0) return { range: { start: elements[index - 1].end, end: element.end }, newText: '' };
  const trailingComma = elements.hasTrailingComma ? elements.end : element.end;
  return { range: { start: element.getStart(), end: trailingComma }, newText: '' };
}

/** Removes a statement with its line (and leading comments), leaving the lines around it intact. */
export function removeStatement(file: NetFile, statement: ts.Statement): TextEdit {
  const source = file.source;
  let start = statement.getStart();
  while (start > 0 && (source[start - 1] === ' ' || source[start - 1] === '\t')) start--;
  let end = statement.end;
  while (end < source.length && (source[end] === ' ' || source[end] === '\t')) end++;
  if (source.startsWith('\r\n', end)) end += 2;
  else if (source[end] === '\n' || source[end] === '\r') end += 1;
  return { range: { start, end }, newText: '' };
}
