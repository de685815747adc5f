// What the bundle's sources use but do not define: Material's public hook and the constants the build writes
// into the bundle's wrapper (brief_explainer.frontend.bundle_js). Declarations only; nothing here is emitted.

interface MaterialObservable<T> {
  subscribe(next: (value: T) => void): unknown;
}

interface Window {
  /** Material for MkDocs: every page, the first and each one reached by instant navigation. */
  document$?: MaterialObservable<Document>;
  /** Set by the bundle's wrapper: a second copy of the bundle on the same page does nothing. */
  __briefExplainer?: boolean;
}

/** Where the anchor tools open as a menu (below the phone breakpoint, or without hover): written by the build. */
declare const MENU_MEDIA: string;
