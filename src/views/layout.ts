// The page shell shared by igloo's HTML surfaces: doctype, viewport, one small stylesheet, no scripts.
import { html, trusted, type Html } from './html.ts';

const STYLES = trusted(`
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#262626;background:#fafafa}
a{color:#00376b;text-decoration:none}a:hover{text-decoration:underline}
main{max-width:420px;margin:40px auto;padding:0 16px}
.card{background:#fff;border:1px solid #dbdbdb;border-radius:8px;padding:28px 32px;margin-bottom:12px}
.brand{font:600 30px/1 "Segoe UI",Roboto,sans-serif;text-align:center;margin:4px 0 24px;letter-spacing:.5px}
h1{font-size:20px;margin:0 0 12px}h2{font-size:16px;margin:20px 0 8px}
label{display:block;font-size:12px;color:#737373;margin:10px 0 4px}
input[type=text],input[type=password],input[type=email]{width:100%;padding:10px 8px;border:1px solid #dbdbdb;border-radius:4px;background:#fafafa;font-size:14px}
button{cursor:pointer;font-family:inherit;font-weight:600;font-size:14px;line-height:1;border-radius:8px;padding:10px 16px;border:0}
.primary{background:#0095f6;color:#fff;width:100%;margin-top:16px}.primary:hover{background:#1877f2}
.secondary{background:#efefef;color:#262626;width:100%;margin-top:8px}
.link{background:none;color:#00376b;padding:0;font-weight:400}
.error{color:#ed4956;font-size:14px;margin:12px 0 0}
.muted{color:#737373;font-size:13px}
.perms{list-style:none;padding:0;margin:12px 0}.perms li{padding:10px 0;border-top:1px solid #efefef}
.perms li strong{display:block}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f5f5f5;border-radius:6px;padding:12px;font-size:13px}
code{font-size:13px;overflow-wrap:anywhere}
`);

/**
 * @param header shown above <main> (Instagram's signed-in top bar)
 * @param styles page-family CSS appended after the shared rules, so it may override them
 */
export function layout(model: { title: string; body: Html; wide?: boolean; header?: Html; styles?: Html }): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${model.title}</title>
<style>${STYLES}${model.styles}</style>
</head>
<body>
${model.header}
<main${model.wide ? trusted(' style="max-width:760px"') : ''}>
${model.body}
</main>
</body>
</html>`;
}
