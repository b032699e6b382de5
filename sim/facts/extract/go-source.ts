// Just enough Go to read a provider's schema maps: bracket matching that
// skips strings and comments, splitting a composite literal into its
// top-level elements, line numbers, and where a function or variable of a
// package is declared. It reads the source as text; nothing is compiled or run.
import { execFileSync } from "child_process";

/** A span of one file's text. */
export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

/** One Go file at the provider's tag. */
export class GoFile {
  private lineStarts?: number[];
  constructor(
    readonly path: string,
    readonly text: string,
  ) {}

  /** 1-based line of an offset. */
  line(offset: number): number {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let i = 0; i < this.text.length; i++) if (this.text[i] === "\n") this.lineStarts.push(i + 1);
    }
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }

  /** `<path>:<line>` of an offset, the facts' citation. */
  cite(offset: number): string {
    return `${this.path}:${this.line(offset)}`;
  }

  /** The package qualifiers this file imports, by the name it uses, as repository directories. */
  imports(modulePath: string): Map<string, string> {
    const found = new Map<string, string>();
    const block = /^import\s*\(([\s\S]*?)^\)/m.exec(this.text)?.[1] ?? "";
    const single = [...this.text.matchAll(/^import\s+(\w+\s+)?"([^"]+)"/gm)].map((match) => `${match[1] ?? ""}"${match[2]}"`);
    for (const line of [...block.split("\n"), ...single]) {
      const match = /^\s*(\w+\s+)?"([^"]+)"/.exec(line);
      if (!match || !match[2].startsWith(`${modulePath}/`)) continue;
      const dir = match[2].slice(modulePath.length + 1);
      found.set(match[1]?.trim() ?? dir.split("/").pop()!, dir);
    }
    return found;
  }
}

/** Offset just past a string, rune or comment starting at `i`, or -1 if none starts there. */
function skipLiteral(text: string, i: number): number {
  const c = text[i];
  if (c === '"' || c === "'") {
    let j = i + 1;
    while (j < text.length && text[j] !== c) j += text[j] === "\\" ? 2 : 1;
    return j + 1;
  }
  if (c === "`") return text.indexOf("`", i + 1) + 1;
  if (c === "/" && text[i + 1] === "/") {
    const end = text.indexOf("\n", i);
    return end === -1 ? text.length : end;
  }
  if (c === "/" && text[i + 1] === "*") return text.indexOf("*/", i + 2) + 2;
  return -1;
}

const closers: Record<string, string> = { "{": "}", "(": ")", "[": "]" };

/** Offset of the bracket that closes the one at `open`. */
export function matching(text: string, open: number): number {
  const stack: string[] = [];
  for (let i = open; i < text.length; i++) {
    const skipped = skipLiteral(text, i);
    if (skipped !== -1) {
      i = skipped - 1;
      continue;
    }
    const c = text[i];
    if (closers[c]) stack.push(closers[c]);
    else if (c === "}" || c === ")" || c === "]") {
      if (stack.pop() !== c) throw new Error(`unbalanced ${c} at offset ${i}`);
      if (stack.length === 0) return i;
    }
  }
  throw new Error(`no closing bracket for offset ${open}`);
}

/** The top-level, comma-separated elements between `start` and `end`, trimmed, with their offsets. */
export function elements(text: string, start: number, end: number): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let from = start;
  const push = (to: number) => {
    // Comments before an element are not part of it.
    let at = from;
    for (;;) {
      while (at < to && /\s/.test(text[at])) at++;
      const skipped = text[at] === "/" ? skipLiteral(text, at) : -1;
      if (skipped === -1 || skipped > to) break;
      at = skipped;
    }
    const element = text.slice(at, to).trim();
    if (element !== "") out.push({ text: element, start: at });
  };
  for (let i = start; i < end; i++) {
    const skipped = skipLiteral(text, i);
    if (skipped !== -1) {
      i = skipped - 1;
      continue;
    }
    const c = text[i];
    if (closers[c]) i = matching(text, i);
    else if (c === ",") {
      push(i);
      from = i + 1;
    }
  }
  push(end);
  return out;
}

export interface Declaration {
  readonly kind: "func" | "var";
  readonly file: GoFile;
  readonly offset: number;
}

/** Source files of a repository at a tag, read through git. */
export class GoRepository {
  private readonly files = new Map<string, GoFile | null>();
  private readonly listings = new Map<string, string[]>();
  private readonly declarations = new Map<string, Map<string, Declaration>>();

  constructor(
    readonly gitDir: string,
    readonly tag: string,
    /** The Go module path (go.mod's `module`), to map imports to directories. */
    readonly modulePath: string,
  ) {}

  static open(gitDir: string, tag: string): GoRepository {
    const goMod = execFileSync("git", ["--git-dir", gitDir, "show", `${tag}:go.mod`], { encoding: "utf8" });
    const module = /^module\s+(\S+)/m.exec(goMod)?.[1];
    if (!module) throw new Error(`${gitDir} at ${tag}: go.mod names no module`);
    return new GoRepository(gitDir, tag, module);
  }

  file(path: string): GoFile {
    let found = this.files.get(path);
    if (found === undefined) {
      const text = execFileSync("git", ["--git-dir", this.gitDir, "show", `${this.tag}:${path}`], { encoding: "utf8", maxBuffer: 64 << 20 });
      found = new GoFile(path, text);
      this.files.set(path, found);
    }
    if (!found) throw new Error(`no ${path} at ${this.tag}`);
    return found;
  }

  /** The non-test Go files of a directory. */
  goFiles(dir: string): string[] {
    let found = this.listings.get(dir);
    if (!found) {
      const listed = execFileSync("git", ["--git-dir", this.gitDir, "ls-tree", "--name-only", `${this.tag}:${dir}`], { encoding: "utf8" });
      found = listed
        .split("\n")
        .filter((name) => name.endsWith(".go") && !name.endsWith("_test.go"))
        .map((name) => `${dir}/${name}`);
      this.listings.set(dir, found);
    }
    return found;
  }

  /**
   * Where a top-level func or var named `name` is declared in the package at
   * `dir`: a function at its `func`, a variable at the expression it is set to.
   */
  declaration(dir: string, name: string): Declaration | undefined {
    let index = this.declarations.get(dir);
    if (!index) {
      index = new Map();
      const add = (name: string, declared: Declaration) => {
        if (!index!.has(name)) index!.set(name, declared);
      };
      for (const path of this.goFiles(dir)) {
        const file = this.file(path);
        for (const match of file.text.matchAll(/^func\s+(\w+)/gm)) add(match[1], { kind: "func", file, offset: match.index! });
        for (const match of file.text.matchAll(/^var\s+(\w+)[^=\n]*=\s*/gm)) add(match[1], { kind: "var", file, offset: match.index! + match[0].length });
        for (const block of file.text.matchAll(/^var\s*\(/gm)) {
          const open = block.index! + block[0].length - 1;
          const close = matching(file.text, open);
          const body = file.text.slice(open, close);
          for (const match of body.matchAll(/^\t(\w+)[^=\n]*=\s*/gm)) add(match[1], { kind: "var", file, offset: open + match.index! + match[0].length });
        }
      }
      this.declarations.set(dir, index);
    }
    return index.get(name);
  }
}
