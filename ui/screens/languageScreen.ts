/**
 * 語言: zh-TW or English for this screen, at once; each language listed in its own script, so a
 * clerk who reads only one finds it. It lasts until the kiosk restarts (`device.locale` is the
 * default); slips stay bilingual either way.
 */
import { backOfficeCatalogues, languageNames } from "../backOfficeMessages.js";
import { truncate } from "../displayText.js";
import type { Key } from "../keys.js";
import { listKey } from "../menu.js";
import { catalogues, locales } from "../messages.js";
import { titled } from "../presenters.js";
import type { Click, ScreenView } from "../view.js";
import type { Nav, Screen, ViewContext } from "./screen.js";

export class LanguageScreen implements Screen {
  private cursor: number;

  constructor(private readonly nav: Nav) {
    this.cursor = Math.max(0, locales.indexOf(nav.locale()));
  }

  key(key: Key): boolean {
    const move = listKey(key, this.cursor, locales.length, false);
    if (move === undefined) return false;
    this.cursor = move.cursor;
    if (move.enter) this.choose();
    return true;
  }

  click(click: Click): void {
    if (click.target !== "row" || click.index >= locales.length) return;
    this.cursor = click.index;
    this.choose();
  }

  view(context: ViewContext): ScreenView {
    const b = backOfficeCatalogues[context.locale];
    const m = catalogues[context.locale];
    return {
      title: titled(m, b.language.title),
      blocks: [
        {
          kind: "list",
          rows: locales.map((locale, index) => ({
            text: `${locale === context.locale ? "✔" : " "} ${languageNames[locale]}`,
            click: { target: "row", index },
          })),
          selected: this.cursor,
        },
      ],
      keys: truncate(b.language.keys, context.columns),
      busy: false,
    };
  }

  private choose(): void {
    const locale = locales[this.cursor];
    if (locale !== undefined) this.nav.setLocale(locale);
  }
}
