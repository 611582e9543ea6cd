// Prints the benchmark's figures as they come (or one JSON document at the end), each with
// its target and PASS/FAIL, and exits non-zero when a target is missed.

interface Figure {
  section: string;
  name: string;
  value: number;
  target?: { limit: number; kind: 'min' | 'max' };
  pass?: boolean;
}

export class Report {
  private current = '';
  private readonly figures: Figure[] = [];
  private readonly details: Array<{ section: string; text: string; data: unknown }> = [];

  constructor(private readonly asJson: boolean) {}

  section(title: string): void {
    this.current = title;
    if (!this.asJson) console.log(`\n== ${title}`);
  }

  info(text: string, data: unknown): void {
    this.details.push({ section: this.current, text, data });
    if (!this.asJson) console.log(`   ${text}`);
  }

  /** A ratio measured side by side; with a minimum, it is a target. */
  ratio(name: string, value: number, min?: number): void {
    if (min === undefined) this.add({ section: this.current, name, value });
    else this.target(name, value, min, 'min');
  }

  target(name: string, value: number, limit: number, kind: 'min' | 'max'): void {
    this.add({ section: this.current, name, value, target: { limit, kind }, pass: kind === 'min' ? value >= limit : value <= limit });
  }

  private add(f: Figure): void {
    this.figures.push(f);
    if (this.asJson) return;
    const value = f.value >= 100 ? f.value.toFixed(0) : f.value.toFixed(2);
    const target = f.target ? `${f.target.kind === 'min' ? '>=' : '<='} ${f.target.limit}` : '';
    const verdict = f.pass === undefined ? '' : f.pass ? 'PASS' : 'FAIL';
    console.log(`   ${verdict.padEnd(4)}  ${value.padStart(8)}  ${target.padEnd(8)}  ${f.name}`);
  }

  finish(): void {
    const failed = this.figures.filter((f) => f.pass === false);
    if (this.asJson) console.log(JSON.stringify({ figures: this.figures, details: this.details, failed: failed.length }, null, 2));
    else console.log(`\n${this.figures.filter((f) => f.pass).length} targets met, ${failed.length} missed${failed.length ? ': ' + failed.map((f) => f.name).join('; ') : ''}`);
    process.exitCode = failed.length ? 1 : 0;
  }
}
