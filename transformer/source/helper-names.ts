/**
 * The four locals the instrumented code adds, chosen so that none of them is a name the
 * file already uses: a file that declares (or mentions) `__memscope` gets `__memscope_1`
 * and so on. The check is against the file's whole text, so a name that only appears in
 * a string or a comment is avoided too (cheap, and `eval` cannot see a clash).
 */
export interface HelperNames {
  runtime: string;
  base: string;
  moduleScope: string;
  functionScope: string;
}

const BASE_NAMES: HelperNames = { runtime: "__memscope", base: "__ms_b", moduleScope: "__ms_m", functionScope: "__ms_s" };

function withSuffix(suffix: string): HelperNames {
  return {
    runtime: BASE_NAMES.runtime + suffix,
    base: BASE_NAMES.base + suffix,
    moduleScope: BASE_NAMES.moduleScope + suffix,
    functionScope: BASE_NAMES.functionScope + suffix,
  };
}

/** Identifier-like words of the text that could clash with a helper name. */
function helperLikeWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const m of text.matchAll(/__m(?:emscope|s_[bms])[\w$]*/g)) {
    const before = m.index > 0 ? text[m.index - 1]! : "";
    if (!/[\w$]/.test(before)) words.add(m[0]);
  }
  return words;
}

export function uniqueHelperNames(text: string): HelperNames {
  const used = [...helperLikeWords(text)];
  for (let n = 0; ; n++) {
    const names = n === 0 ? BASE_NAMES : withSuffix(`_${n}`);
    const classPrefix = classScopeName(names, "");
    if (!Object.values(names).some((name) => used.includes(name)) && !used.some((word) => word.startsWith(classPrefix))) return names;
  }
}

/** The local holding a class scope's instance (entered once at file load): `<moduleScope>_c<site>`. */
export function classScopeName(names: HelperNames, site: number | string): string {
  return `${names.moduleScope}_c${site}`;
}
