import type { Locale } from '../../../../shared/locale.js';

type AudioContextClass = typeof AudioContext;

function audioContextClass(): AudioContextClass | null {
  // Older Safari has only the prefixed constructor.
  const w = window as typeof window & { webkitAudioContext?: AudioContextClass };
  return w.AudioContext ?? w.webkitAudioContext ?? null;
}

export function canChime(): boolean {
  return audioContextClass() !== null;
}

/**
 * An audio context allowed to play: browsers start one suspended unless it is made during a user
 * gesture, so this is called from a click.
 */
export async function unlockAudio(): Promise<AudioContext | null> {
  const Ctor = audioContextClass();
  if (!Ctor) return null;
  const context = new Ctor();
  await context.resume().catch(() => undefined);
  return context;
}

/** One bell-like tone: a quick rise, then a long fade. */
function tone(context: AudioContext, frequency: number, start: number, length: number): void {
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  oscillator.type = 'sine';
  oscillator.frequency.setValueAtTime(frequency, start);
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(0.5, start + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
  oscillator.connect(gain).connect(context.destination);
  oscillator.start(start);
  oscillator.stop(start + length + 0.05);
}

/** «Ding-dong»: E5 then C5, synthesised (no sound file to load). */
export function dingDong(context: AudioContext): void {
  const now = context.currentTime;
  tone(context, 659.25, now, 1.0);
  tone(context, 523.25, now + 0.5, 1.4);
}

/** How long the ding-dong takes, so that a spoken call comes after it. */
export const DING_DONG_MS = 1_400;

const SPEECH_LANGS: Record<Locale, string> = { ru: 'ru-RU', uk: 'uk-UA', en: 'en-GB' };

/** Says the call aloud where the browser can (speech synthesis is optional). */
export function speak(text: string, locale: Locale): void {
  if (!('speechSynthesis' in window)) return;
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = SPEECH_LANGS[locale];
  utterance.rate = 0.9;
  window.speechSynthesis.speak(utterance);
}

/** A ticket code as it is best read aloud: «A007» → «A 7». */
export function spokenCode(code: string): string {
  return code.replace(/^(\D*)0*(\d+)$/u, '$1 $2').trim();
}
