export const THEME_COOKIE = "vigil_theme";
export type Theme = "light" | "dark";

export function parseTheme(v: string | undefined): Theme {
  return v === "light" ? "light" : "dark";
}
