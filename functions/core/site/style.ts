/**
 * The site's one stylesheet, inlined in every page: a page is then one request,
 * and the Content-Security-Policy allows exactly these bytes by their hash
 * rather than any inline style. Modelled on the GOV.UK Design System: one
 * column that reads at 320 px, system fonts, underlined links, and a focus
 * style (yellow with a dark underline) visible on any background.
 */
import { createHash } from 'node:crypto';

export const SITE_CSS = [
  '*,*::before,*::after{box-sizing:border-box}',
  'html{-webkit-text-size-adjust:100%;text-size-adjust:100%}',
  'body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;font-size:1.1875rem;line-height:1.5;color:#0b0c0c;background:#fff}',
  '.skip{position:absolute;left:-9999px}',
  '.skip:focus{position:static}',
  'header,main,footer{max-width:40rem;margin:0 auto;padding:0 1rem}',
  'header{border-bottom:.5rem solid #1d70b8;padding-top:.75rem;padding-bottom:.5rem}',
  'header a{font-weight:700;font-size:1.5rem;color:#0b0c0c;text-decoration:none}',
  'footer{border-top:1px solid #b1b4b6;margin-top:2.5rem;padding-top:1rem;padding-bottom:2rem;font-size:1rem}',
  'a{color:#1d70b8;text-decoration:underline;text-underline-offset:.1em}',
  'a:visited{color:#4c2c92}',
  'a:hover{color:#003078}',
  'a:focus{outline:3px solid transparent;color:#0b0c0c;background:#fd0;box-shadow:0 -2px #fd0,0 4px #0b0c0c;text-decoration:none}',
  'h1{font-size:2rem;line-height:1.2;margin:1.5rem 0 1rem}',
  'h2{font-size:1.5rem;line-height:1.25;margin:2rem 0 .75rem}',
  '.standfirst{font-size:1.375rem}',
  '.meta{color:#505a5f;font-size:1rem}',
  'img{max-width:100%;height:auto}',
  'figure{margin:1.5rem 0}',
  'figcaption{color:#505a5f;font-size:1rem;margin-top:.25rem}',
  '.tags,.items,.feeds{padding:0;list-style:none}',
  '.tags li{display:inline-block;margin:0 .5rem .5rem 0}',
  '.items li{border-top:1px solid #b1b4b6;padding:1rem 0}',
  '.items h2{font-size:1.25rem;margin:0 0 .25rem}',
  '.items p{margin:.25rem 0}',
  '.feeds li{display:inline-block;margin-right:1rem}',
  '.notice{border-left:.5rem solid #b1b4b6;padding:.5rem 1rem;margin:1.5rem 0}',
  '@media (prefers-color-scheme:dark){body{color:#f3f2f1;background:#0b0c0c}header a{color:#f3f2f1}a{color:#8eb8dc}a:visited{color:#c4a9ef}a:hover{color:#c2daf0}.meta,figcaption{color:#c5c9cc}}',
].join('');

/** The CSP source that allows exactly `SITE_CSS` in a `<style>` element. */
export const SITE_CSS_HASH = `'sha256-${createHash('sha256').update(SITE_CSS, 'utf8').digest('base64')}'`;
