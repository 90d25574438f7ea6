/**
 * The board for a big screen across a hall: dark, very large type sized by the viewport, the current
 * calls highlighted and a new call blinking gently for a few seconds.
 */
export const BOARD_STYLES = `
.qb-root {
  position: fixed;
  inset: 0;
  display: flex;
  flex-direction: column;
  overflow: hidden;
  background: #0b1220;
  color: #f3f6fb;
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif;
}
.qb-header {
  display: flex;
  align-items: center;
  gap: 2vw;
  padding: 1.5vh 3vw;
  background: #111a2e;
  border-bottom: 1px solid #22304d;
}
.qb-title {
  flex: 1;
  font-size: 4vh;
  font-weight: 600;
}
.qb-offline {
  font-size: 2.4vh;
  color: #ff8a80;
}
.qb-clock {
  font-size: 5vh;
  font-weight: 600;
  font-variant-numeric: tabular-nums;
}
.qb-main {
  flex: 1;
  min-height: 0;
  padding: 1vh 3vw;
  overflow: hidden;
}
.qb-row {
  display: grid;
  grid-template-columns: 1fr 0.5fr 1fr;
  align-items: center;
  padding: 0.6vh 2vw;
  border-radius: 1vh;
  font-size: min(6vw, 8.5vh);
  font-weight: 700;
  line-height: 1.2;
  font-variant-numeric: tabular-nums;
}
.qb-row + .qb-row {
  margin-top: 0.8vh;
}
.qb-head {
  font-size: 3vh;
  font-weight: 500;
  color: #8ea2c8;
  text-transform: uppercase;
  letter-spacing: 0.08em;
}
.qb-arrow {
  text-align: center;
  color: #5f7299;
}
.qb-window {
  text-align: end;
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
}
.qb-current {
  color: #ffd54f;
  background: rgba(255, 213, 79, 0.1);
}
.qb-flash {
  animation: qb-blink 1.2s ease-in-out infinite;
  background: rgba(255, 213, 79, 0.22);
}
@keyframes qb-blink {
  0%,
  100% {
    opacity: 1;
  }
  50% {
    opacity: 0.45;
  }
}
@media (prefers-reduced-motion: reduce) {
  .qb-flash {
    animation: none;
  }
}
.qb-empty {
  margin-top: 12vh;
  text-align: center;
  font-size: 6vh;
  color: #8ea2c8;
}
.qb-footer {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 1vh 3vw;
  padding: 1.5vh 3vw;
  background: #111a2e;
  border-top: 1px solid #22304d;
  font-size: 3.2vh;
}
.qb-footer-label {
  color: #8ea2c8;
}
.qb-count {
  display: inline-block;
  min-width: 1.6em;
  margin-inline-start: 0.5em;
  padding: 0 0.3em;
  border-radius: 0.4em;
  background: #22304d;
  text-align: center;
  font-weight: 700;
}
.qb-message {
  margin: auto;
  max-width: 70vw;
  text-align: center;
}
.qb-message h1 {
  color: inherit;
  font-size: 6vh;
}
.qb-message p {
  font-size: 3vh;
  color: #b8c4dc;
}
`;
