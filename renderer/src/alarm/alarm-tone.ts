// The console's alert sound: a hi-lo two-tone synthesized with WebAudio (no file to ship or fetch), looped while the alarm sounds.
import { shallowRef } from 'vue';

const HIGH_HZ = 960;
const LOW_HZ = 740;
const HALF_S = 0.45;
/** Sound is scheduled this far ahead, in short chunks, so stopping is prompt. */
const CHUNK_S = 1.8;

export type ToneState = 'off' | 'playing' | 'blocked';

export class AlarmTone {
  readonly state = shallowRef<ToneState>('off');
  private ctx: AudioContext | null = null;
  private gain: GainNode | null = null;
  private wanted = false;
  private nextAt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly voices = new Set<OscillatorNode>();

  /** Starts looping; if the browser's autoplay policy holds it back, the state says 'blocked' until unlock(). */
  start(): void {
    this.wanted = true;
    const ctx = this.context();
    if (!ctx) return;
    void ctx.resume().then(() => this.begin(), () => this.begin());
    this.begin();
  }

  stop(): void {
    this.wanted = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const v of this.voices) { try { v.stop(); } catch { /* already stopped */ } }
    this.voices.clear();
    this.state.value = 'off';
  }

  /** Called from a click: a user gesture lets the browser start the sound. */
  unlock(): void {
    void this.ctx?.resume().then(() => this.begin());
  }

  dispose(): void {
    this.stop();
    void this.ctx?.close();
    this.ctx = null;
  }

  private context(): AudioContext | null {
    if (this.ctx) return this.ctx;
    const Ctor = window.AudioContext;
    if (!Ctor) return null;
    this.ctx = new Ctor();
    this.gain = this.ctx.createGain();
    this.gain.gain.value = 0.18;
    this.gain.connect(this.ctx.destination);
    return this.ctx;
  }

  private begin(): void {
    const ctx = this.ctx;
    if (!ctx || !this.wanted) return;
    if (ctx.state !== 'running') { this.state.value = 'blocked'; return; }
    if (this.state.value === 'playing') return;
    this.state.value = 'playing';
    this.nextAt = ctx.currentTime + 0.02;
    this.schedule();
  }

  private schedule(): void {
    const ctx = this.ctx;
    if (!ctx || !this.gain || !this.wanted) return;
    while (this.nextAt < ctx.currentTime + CHUNK_S) {
      for (const [i, hz] of [HIGH_HZ, LOW_HZ].entries()) {
        const osc = ctx.createOscillator();
        osc.type = 'triangle';
        osc.frequency.value = hz;
        osc.connect(this.gain);
        const at = this.nextAt + i * HALF_S;
        osc.start(at);
        osc.stop(at + HALF_S - 0.02);
        this.voices.add(osc);
        osc.onended = () => this.voices.delete(osc);
      }
      this.nextAt += 2 * HALF_S;
    }
    this.timer = setTimeout(() => this.schedule(), (CHUNK_S / 2) * 1000);
  }
}
