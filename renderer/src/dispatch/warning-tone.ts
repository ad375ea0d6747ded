// The queue's warning chirp when an incident reaches 30 % of its budget with nobody on the way (WebAudio, no file).

let ctx: AudioContext | null = null;

/** Three short rising beeps; silently nothing where the browser has no audio or blocks it. */
export function playWarning(): void {
  try {
    ctx ??= new AudioContext();
    void ctx.resume();
    const gain = ctx.createGain();
    gain.gain.value = 0.15;
    gain.connect(ctx.destination);
    const start = ctx.currentTime + 0.02;
    [880, 1100, 1320].forEach((hz, i) => {
      const osc = ctx!.createOscillator();
      osc.type = 'square';
      osc.frequency.value = hz;
      osc.connect(gain);
      osc.start(start + i * 0.18);
      osc.stop(start + i * 0.18 + 0.12);
    });
  } catch (err) {
    console.warn('[kuaifan] warning sound unavailable', err);
  }
}
