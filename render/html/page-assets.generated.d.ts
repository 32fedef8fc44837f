/**
 * Types of the module `npm run build` generates beside the compiled HTML renderer
 * (dist/render/html/page-assets.generated.js, scripts/lib/bundles.ts's bundlePage): the
 * page's script (render/html/page/, bundled by esbuild) and style, and their CSP hashes.
 */
export declare const PAGE_SCRIPT: string;
export declare const PAGE_STYLE: string;
/** "sha256-…" of PAGE_SCRIPT and PAGE_STYLE, for the page's Content-Security-Policy. */
export declare const PAGE_SCRIPT_HASH: string;
export declare const PAGE_STYLE_HASH: string;
