// The stylesheet of Instagram's web pages (profiles, posts, forms, settings), appended to the shared
// layout's rules. One breakpoint: below 736px the pages go edge to edge, as Instagram's do on a phone.
import { trusted } from './html.ts';

export const INSTAGRAM_STYLES = trusted(`
main{max-width:935px;margin:24px auto}
.topbar{background:#fff;border-bottom:1px solid #dbdbdb;position:sticky;top:0;z-index:5}
.topbar-inner{max-width:935px;margin:0 auto;padding:0 16px;height:60px;display:flex;align-items:center;justify-content:space-between;gap:12px}
.logo{font:600 24px/1 "Segoe UI",Roboto,sans-serif;color:#262626;letter-spacing:.3px}
.logo:hover{text-decoration:none}
.topnav{display:flex;align-items:center;gap:16px}
.topnav a{color:#262626;font-weight:600}
.menu{position:relative}
.menu summary{list-style:none;cursor:pointer;display:block;border-radius:50%}
.menu summary::-webkit-details-marker{display:none}
.menu summary:focus-visible{outline:2px solid #0095f6;outline-offset:2px}
.menu[open] summary .avatar{box-shadow:0 0 0 2px #fff,0 0 0 3px #262626}
.menu-panel{position:absolute;right:0;top:calc(100% + 10px);background:#fff;border:1px solid #dbdbdb;border-radius:8px;box-shadow:0 4px 12px rgba(0,0,0,.15);min-width:200px;padding:6px 0;z-index:10}
.menu-panel a,.menu-panel button{display:block;width:100%;text-align:left;padding:10px 16px;color:#262626;font:inherit;font-weight:400;background:none;border:0;border-radius:0;margin:0}
.menu-panel a:hover,.menu-panel button:hover{background:#fafafa;text-decoration:none}
.menu-panel form{margin:0;border-top:1px solid #efefef}
.avatar{display:inline-flex;align-items:center;justify-content:center;border-radius:50%;background:linear-gradient(135deg,#feda75,#d62976 55%,#4f5bd5);color:#fff;font-weight:600;text-transform:uppercase;flex:none}
.avatar-s{width:32px;height:32px;font-size:15px}.avatar-m{width:40px;height:40px;font-size:17px}.avatar-l{width:150px;height:150px;font-size:56px}
.card{padding:24px 28px}
.narrow{max-width:420px;margin:0 auto}
.center{text-align:center}
.button-link{display:inline-block;background:#efefef;color:#262626;font-weight:600;font-size:14px;border-radius:8px;padding:7px 16px}
.button-link:hover{text-decoration:none;background:#dbdbdb}
.notice{background:#e8f5e9;color:#1b5e20;border-radius:6px;padding:10px 12px;font-size:14px;margin:0 0 12px}
textarea{width:100%;padding:10px 8px;border:1px solid #dbdbdb;border-radius:4px;background:#fafafa;font:inherit;font-size:14px;resize:vertical}
input[type=file]{width:100%;padding:10px 8px;border:1px dashed #a8a8a8;border-radius:6px;background:#fafafa;font-size:14px}
[aria-invalid=true]{border-color:#ed4956!important}
.field-error{margin:6px 0 0}
.hint{color:#737373;font-size:12px;margin:6px 0 0}
.profile-head{display:flex;align-items:center;gap:32px;padding:8px 16px 32px;border-bottom:1px solid #dbdbdb;margin-bottom:4px}
.profile-head .avatar-l{margin:0 48px 0 40px}
.profile-line{display:flex;align-items:center;gap:16px;flex-wrap:wrap;margin-bottom:16px}
.profile-username{font-size:20px;font-weight:400;margin:0;overflow-wrap:anywhere}
.profile-head p{margin:4px 0}
.grid{display:grid;grid-template-columns:repeat(3,1fr);gap:4px;margin-top:4px}
.tile{position:relative;display:block;aspect-ratio:1/1;background:#efefef;overflow:hidden}
.tile img{width:100%;height:100%;object-fit:cover;display:block}
.tile .badge{position:absolute;top:8px;right:8px;color:#fff;font-size:12px;font-weight:600;background:rgba(0,0,0,.55);border-radius:4px;padding:2px 6px}
.empty{text-align:center;padding:48px 16px;color:#737373}
.post{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);grid-template-rows:auto 1fr;grid-template-areas:"media owner" "media details";background:#fff;border:1px solid #dbdbdb;border-radius:4px;overflow:hidden}
.post-media{grid-area:media;background:#000;display:flex;flex-direction:column;justify-content:center;min-width:0}
.post-owner{grid-area:owner}.post-details{grid-area:details}
.slides{display:flex;overflow-x:auto;scroll-snap-type:x mandatory;scroll-behavior:smooth}
.slide{position:relative;flex:0 0 100%;scroll-snap-align:start;margin:0;display:flex;align-items:center;justify-content:center;background:#000}
.slide .count{position:absolute;top:12px;right:12px;background:rgba(0,0,0,.6);color:#fff;font-size:12px;font-weight:600;border-radius:12px;padding:3px 9px}
.slide img,.slide video{display:block;width:100%;height:auto;max-height:80vh;object-fit:contain}
.dots{display:flex;justify-content:center;gap:6px;padding:8px;background:#fff;border-top:1px solid #efefef}
.dots a{min-width:28px;text-align:center;border-radius:14px;padding:2px 8px;font-size:13px;background:#efefef;color:#262626}
.post-side{padding:16px;display:flex;flex-direction:column;gap:12px;min-width:0}
.owner{display:flex;align-items:center;gap:12px;font-weight:600;color:#262626;padding-bottom:12px;border-bottom:1px solid #efefef}
.caption{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.caption a{color:#262626}
.settings{display:grid;grid-template-columns:220px minmax(0,1fr);background:#fff;border:1px solid #dbdbdb;border-radius:4px}
.settings-menu{border-right:1px solid #dbdbdb;padding:8px 0}
.settings-menu a{display:block;padding:14px 24px;color:#262626;border-left:2px solid transparent}
.settings-menu a[aria-current=page]{border-left-color:#262626;font-weight:600}
.settings-body{padding:28px 40px;min-width:0}
.settings-body form{max-width:420px}
.tabs{display:flex;border-bottom:1px solid #dbdbdb;margin:0 0 16px;overflow-x:auto}
.tabs a{padding:12px 14px;color:#737373;font-weight:600;font-size:13px;text-transform:uppercase;letter-spacing:.5px;white-space:nowrap;border-bottom:1px solid transparent;margin-bottom:-1px}
.tabs a[aria-current=page]{color:#262626;border-bottom-color:#262626}
.apps{list-style:none;padding:0;margin:0}
.apps li{display:flex;align-items:center;gap:12px;padding:14px 0;border-top:1px solid #efefef;flex-wrap:wrap}
.apps .app-name{font-weight:600;display:block}
.apps .grow{flex:1 1 220px}
.apps .muted{display:block}
.apps form{margin:0}
.apps .actions{display:flex;gap:8px}
.apps button{width:auto;margin:0}
.small{padding:7px 16px}
@media (max-width:735px){
  main{margin:0 auto;padding:0}
  .card{border-radius:0;border-left:0;border-right:0;padding:20px 16px}
  .narrow{margin-top:16px}
  .tile .badge{top:4px;right:4px;font-size:10px;padding:1px 4px}
  .tabs a{padding:12px 8px;letter-spacing:0}
  .profile-head{gap:20px;padding:16px}
  .profile-head .avatar-l{width:77px;height:77px;font-size:32px;margin:0}
  .post{grid-template-columns:1fr;grid-template-rows:auto;grid-template-areas:"owner" "media" "details";border-radius:0;border-width:0 0 1px}
  .post-side{padding:12px 16px}
  .post-side .owner{padding-bottom:0;border-bottom:0}
  .settings{grid-template-columns:1fr;border-radius:0;border-width:0 0 1px}
  .settings-menu{display:flex;border-right:0;border-bottom:1px solid #dbdbdb;padding:0;overflow-x:auto}
  .settings-menu a{border-left:0;border-bottom:2px solid transparent;padding:12px;font-size:14px;white-space:nowrap}
  .settings-menu a[aria-current=page]{border-bottom-color:#262626}
  .settings-body{padding:20px 16px}
}
`);
