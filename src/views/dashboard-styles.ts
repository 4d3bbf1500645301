// The App Dashboard's one stylesheet: a top bar, a side menu (a disclosure menu on phones), white
// cards on grey, no scripts and no external assets.
import { trusted } from './html.ts';

export const DASHBOARD_STYLES = trusted(`
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1c1e21;background:#f0f2f5}
a{color:#1464cc;text-decoration:none}a:hover{text-decoration:underline}
h1{font-size:22px;line-height:1.25;margin:0 0 16px}h2{font-size:17px;margin:0 0 6px}h3{font-size:15px;margin:16px 0 6px}
p{margin:0 0 10px}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px;overflow-wrap:anywhere}
.topbar{display:flex;align-items:center;flex-wrap:wrap;gap:8px 16px;background:#fff;border-bottom:1px solid #dadde1;padding:8px 20px;min-height:56px}
.brand{font-weight:700;font-size:17px;color:#1c1e21;white-space:nowrap}.brand b{color:#1877f2}
.brand:hover{text-decoration:none}
.app-title{display:flex;flex-direction:column;min-width:0;border-left:1px solid #dadde1;padding-left:16px}
.app-title strong{font-size:15px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:280px}
.app-title span{color:#606770;font-size:12px}
.spacer{flex:1}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.mode{display:flex;align-items:center;gap:8px;margin:0}
.mode-label{color:#606770;font-size:13px;font-weight:600}
.switch{display:inline-flex;border:1px solid #ccd0d5;border-radius:18px;overflow:hidden;background:#f5f6f7}
.switch button{border:0;background:none;padding:6px 14px;font-family:inherit;font-weight:600;font-size:13px;line-height:1.2;color:#606770;cursor:pointer}
.switch button[aria-pressed=true]{background:#1877f2;color:#fff;cursor:default}
.switch button.live[aria-pressed=true]{background:#31a24c}
.account{display:flex;align-items:center;gap:12px;font-size:13px}
.account form{margin:0}
.linkish{border:0;background:none;color:#1464cc;font:inherit;padding:0;cursor:pointer}
.linkish:hover{text-decoration:underline}
.shell{display:flex;align-items:flex-start}
.sidenav{width:232px;flex:none;align-self:stretch;background:#fff;border-right:1px solid #dadde1;padding:12px 0 24px;min-height:calc(100vh - 57px)}
.sidenav ul{list-style:none;margin:0;padding:0}
.sidenav a,.sidenav .group{display:block;padding:7px 20px;color:#1c1e21}
.sidenav .group{font-weight:600;margin-top:6px}
.sidenav li li a{padding-left:36px}.sidenav li li li a{padding-left:52px}
.sidenav li li .group{padding-left:36px;font-weight:400;color:#606770;margin-top:0}
.sidenav a[aria-current=page]{background:#e7f3ff;color:#1464cc;font-weight:600;box-shadow:inset 3px 0 #1877f2}
.phone-menu{display:none}
.content{flex:1;min-width:0;padding:24px 32px 48px;max-width:980px}
.content.narrow{max-width:640px;margin:0 auto}
.card{background:#fff;border:1px solid #dadde1;border-radius:8px;padding:20px 24px;margin-bottom:16px}
.card>h2:first-child{margin-top:0}
.lead{color:#606770;margin:0 0 12px}
.field{margin:0 0 14px}.check input{margin:0 6px 0 0;vertical-align:middle}
label{display:block;font-weight:600;margin:0 0 6px}
input[type=text],input[type=email],input[type=password],input[type=url],select,textarea{display:block;width:100%;max-width:600px;padding:8px 10px;border:1px solid #ccd0d5;border-radius:6px;font:inherit;color:inherit;background:#fff}
textarea{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px;resize:vertical}
input[readonly]{background:#f5f6f7;color:#444950}
input:focus,select:focus,textarea:focus{outline:2px solid #1877f2;outline-offset:0;border-color:#1877f2}
[aria-invalid=true]{border-color:#e41e3f}
.hint{color:#606770;font-size:13px;margin:4px 0 0}.center{text-align:center}
.auth .hint.center{margin-top:16px}
.legend-hint{margin:-4px 0 10px}
.field-error{color:#c4112f;font-size:13px;font-weight:600;margin:6px 0 0}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:0 24px}
.btn{display:inline-block;border:0;border-radius:6px;padding:9px 16px;font-family:inherit;font-weight:600;font-size:14px;line-height:1.2;cursor:pointer;text-align:center;white-space:nowrap}
.btn:hover{text-decoration:none;filter:brightness(.96)}
.btn-primary{background:#1877f2;color:#fff}.btn-secondary{background:#e4e6eb;color:#1c1e21}.btn-danger{background:#fff;color:#c4112f;border:1px solid #e4a0ab}
.btn-small{padding:6px 12px;font-size:13px}
.actions{display:flex;flex-wrap:wrap;gap:8px;justify-content:flex-end;align-items:center;border-top:1px solid #dadde1;margin:20px -24px -20px;padding:12px 24px;background:#f5f6f7;border-radius:0 0 8px 8px}
.actions .left,.save-bar .left{margin-right:auto}
.save-bar{display:flex;flex-wrap:wrap;gap:8px;justify-content:flex-end;align-items:center;padding:12px 24px;background:#f5f6f7}
.secret{display:flex;flex-wrap:wrap;align-items:center;gap:8px}
.secret input{flex:1 1 160px;width:auto;min-width:0}
.secret .btn{flex:none}
.revealed{background:#fffbe6!important;color:#1c1e21!important}
.stored{margin:8px 0 0;padding:10px 12px;background:#f5f6f7;border-radius:6px;max-width:600px}
.stored ul{margin:4px 0 0;padding-left:18px}
.rows{width:100%;border-collapse:collapse}
.rows th{text-align:left;font-size:12px;color:#606770;font-weight:600;padding:6px 8px;border-bottom:1px solid #dadde1}
.rows td{padding:10px 8px;border-bottom:1px solid #ebedf0;vertical-align:middle}
.rows td.act{text-align:right;white-space:nowrap}
.rows form{margin:0}
.badge{display:inline-block;padding:2px 9px;border-radius:10px;font-size:12px;font-weight:600;background:#e4e6eb;color:#444950;white-space:nowrap}
.badge.ok{background:#e3f4e6;color:#1d6b32}.badge.wait{background:#fff1d6;color:#7a4d00}
.notice{padding:12px 16px;border-radius:8px;margin:0 0 16px;border:1px solid}
.notice.success{background:#e9f6ec;border-color:#b9e0c3}.notice.error{background:#fdeced;border-color:#f3b9c1}.notice.info{background:#e7f3ff;border-color:#b8d6fb}
.product{display:flex;gap:16px;align-items:flex-start}
.head{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:flex-start;justify-content:space-between;margin-bottom:8px}.head>.body{flex:1 1 300px;min-width:0}
.items{list-style:none;margin:0;padding:0;border-top:1px solid #ebedf0}
.item{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;justify-content:space-between;padding:12px 0;border-bottom:1px solid #ebedf0}
.item>.body{flex:1 1 300px;min-width:0}.item>.body .hint{margin:2px 0 0}
.item>.side{display:flex;align-items:center;gap:12px;flex:none}
.item form{margin:0}
.deliveries .items{margin-top:10px}.deliveries .item{align-items:flex-start}.deliveries .kv{grid-template-columns:9.5em minmax(0,1fr)}
.badge.bad{background:#fdeced;color:#a50e27}
.product .icon{flex:none;width:48px;height:48px;border-radius:12px;background:linear-gradient(45deg,#f9ce34,#ee2a7b 55%,#6228d7);color:#fff;font-family:inherit;font-weight:700;font-size:22px;line-height:48px;text-align:center}
.product .body{flex:1;min-width:0}
.apps{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:16px}
.apps .card{margin:0}
.apps a.card{display:block;color:inherit}.apps a.card:hover{text-decoration:none;border-color:#1877f2}
.kv.spaced{margin-top:12px}
.kv{display:grid;grid-template-columns:max-content 1fr;gap:6px 16px;margin:0}.kv dt{color:#606770}.kv dd{margin:0;overflow-wrap:anywhere}
.steps{margin:0;padding-left:20px}.steps li{margin:4px 0}.steps .done{color:#1d6b32}
.choice{display:block;border:1px solid #ccd0d5;border-radius:8px;padding:12px 14px;margin:0 0 8px;max-width:600px}
.choice label{display:flex;gap:10px;align-items:center;margin:0;cursor:pointer}
.choice label+.hint{margin-left:26px}
.choice.off{background:#f5f6f7}
fieldset{border:0;padding:0;margin:0 0 14px;min-width:0}legend{font-weight:600;margin:0 0 8px;padding:0}
.auth{max-width:400px;margin:48px auto;padding:0 16px}
.auth .brand{display:block;text-align:center;font-size:24px;margin-bottom:20px}
.auth .btn{width:100%;margin-top:6px}
.auth .card{padding:24px}
.token{display:block;width:100%;max-width:none;padding:12px;background:#fffbe6;border:1px solid #f0d78c;border-radius:6px;white-space:pre-wrap;word-break:break-all}
.filters{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:flex-end;margin:0 0 12px}.filters .field{margin:0;flex:0 1 220px}.filters .btn{flex:none}
.requests th{white-space:nowrap}.requests td{vertical-align:top}.request-title{overflow-wrap:anywhere}.requests .time{white-space:nowrap;color:#606770}.requests .request{overflow-wrap:anywhere}.requests .method{font-weight:600;color:#1c1e21}
.requests .request .hint{display:block}.more{margin:12px 0 0}
@media (max-width:760px){
  .topbar{padding:8px 12px;gap:6px 12px}
  .app-title{border-left:0;padding-left:0;order:3;flex-basis:100%}
  .app-title strong{max-width:none}
  .mode{order:4}
  .shell{display:block}
  .sidenav{display:none}
  .phone-menu{display:block;background:#fff;border-bottom:1px solid #dadde1}
  .phone-menu summary{padding:10px 12px;font-weight:600;cursor:pointer}
  .phone-menu .menu-list{padding:0 0 8px}
  .phone-menu a,.phone-menu .group{display:block;padding:7px 12px;color:#1c1e21}
  .phone-menu ul{list-style:none;margin:0;padding:0}
  .phone-menu li li a,.phone-menu li li .group{padding-left:28px}.phone-menu li li li a{padding-left:44px}
  .phone-menu .group{font-weight:600}
  .phone-menu a[aria-current=page]{background:#e7f3ff;color:#1464cc;font-weight:600}
  .content{padding:16px 12px 40px}
  .card{padding:16px}
  .actions{margin:16px -16px -16px;padding:12px 16px}
  .rows th.opt,.rows td.opt{display:none}
  .secret input{flex-basis:100%}
  h1{font-size:20px}
}
`);
