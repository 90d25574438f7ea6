/** One audio context for the tab, made on the first sound (browsers limit how many a page may open). */
let context: AudioContext | null = null;

/** Two short tones made with WebAudio: nothing to download. Silent where the browser refuses audio. */
export function playNotificationSound(): void {
  try {
    const ctx = (context ??= new AudioContext());
    // Until the user has clicked on the page the context may be suspended; the sound is then skipped.
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
    const start = ctx.currentTime;
    [880, 1320].forEach((frequency, i) => {
      const at = start + i * 0.12;
      const oscillator = ctx.createOscillator();
      const gain = ctx.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.15, at + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.18);
      oscillator.connect(gain).connect(ctx.destination);
      oscillator.start(at);
      oscillator.stop(at + 0.2);
    });
  } catch {
    // No audio output or no WebAudio: the toast alone tells of the notification.
  }
}
