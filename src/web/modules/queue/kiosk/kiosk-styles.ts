/**
 * The kiosk's layout: the whole viewport, large type, big tap targets, no page scroll on a 1080p
 * screen; printed, only the ticket is left, narrow enough for a 58–80 mm receipt printer.
 */
export const KIOSK_STYLES = `
.kq-root {
  position: fixed;
  inset: 0;
  overflow: hidden;
  background: #eef2f8;
  user-select: none;
  -webkit-tap-highlight-color: transparent;
}
.kq-header {
  display: flex;
  align-items: center;
  justify-content: space-between;
  gap: 24px;
  padding: 20px 48px;
  background: #fff;
  box-shadow: 0 2px 8px rgba(0, 0, 0, 0.06);
}
.kq-main {
  flex: 1;
  min-height: 0;
  display: flex;
  flex-direction: column;
  justify-content: center;
  padding: 32px 48px;
  overflow: hidden;
}
.kq-services {
  flex: 1;
  min-height: 0;
  display: grid;
  grid-template-columns: repeat(auto-fit, minmax(min(100%, 460px), 1fr));
  grid-auto-rows: minmax(120px, 180px);
  align-content: center;
  gap: 24px;
  overflow: auto;
}
.kq-root .ant-btn.kq-service {
  height: 100%;
  display: flex;
  flex-direction: column;
  justify-content: center;
  gap: 8px;
  padding: 16px 24px;
  white-space: normal;
}
.kq-service-name {
  font-size: 40px;
  font-weight: 600;
  line-height: 1.15;
}
.kq-service-waiting {
  font-size: 24px;
  opacity: 0.85;
}
.kq-keypad {
  display: grid;
  grid-template-columns: repeat(3, 1fr);
  gap: 12px;
  width: 100%;
}
.kq-root .ant-btn.kq-key {
  height: 72px;
  font-size: 36px;
}
.kq-root .ant-btn.kq-action {
  flex: 1;
  min-width: 220px;
  height: 88px;
  font-size: 30px;
}
.kq-ticket {
  min-width: 560px;
  padding: 32px 64px;
  border-radius: 24px;
  background: #fff;
  box-shadow: 0 8px 32px rgba(0, 0, 0, 0.1);
  text-align: center;
}
.kq-code {
  font-size: min(24vh, 16vw);
  font-weight: 700;
  line-height: 1;
  letter-spacing: 0.02em;
  font-variant-numeric: tabular-nums;
}
.kq-line {
  margin-top: 8px;
  font-size: 30px;
}
.kq-ticket-label {
  font-size: 26px;
  text-transform: uppercase;
  color: #666;
}
.kq-ticket-service {
  font-size: 40px;
  font-weight: 600;
}
.kq-offline {
  position: absolute;
  bottom: 12px;
  left: 0;
  right: 0;
  text-align: center;
  font-size: 22px;
}
@media print {
  @page {
    margin: 3mm;
  }
  html,
  body {
    background: #fff !important;
  }
  body * {
    visibility: hidden !important;
  }
  .kq-root {
    position: static !important;
    overflow: visible !important;
  }
  .kq-ticket,
  .kq-ticket * {
    visibility: visible !important;
  }
  .kq-ticket {
    position: absolute !important;
    left: 0;
    top: 0;
    width: 100%;
    max-width: 74mm;
    min-width: 0 !important;
    padding: 2mm !important;
    border-radius: 0 !important;
    box-shadow: none !important;
    color: #000 !important;
  }
  .kq-code {
    font-size: 34pt !important;
  }
  .kq-line {
    margin-top: 1mm !important;
    font-size: 10pt !important;
  }
  .kq-ticket-service {
    font-size: 13pt !important;
  }
}
`;
