// The call view's own stroke icon (24×24, `currentColor`; under `.off` the
// slash shows), used by the view and by its bar (call-stage.ts).
export const ICONS = {
  mic: 'M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3zM5 11a7 7 0 0 0 14 0M12 18v3',
};
