// A surface that floats under the button that opens it (the Export menu, the breakpoints
// list). Placed with `position: fixed` so no scrolling or clipping parent cuts it, through
// CSSOM properties (the CSP forbids style attributes, not style properties). Escape, a
// click elsewhere, a resize or the window losing focus close it, like VS Code's menus.
const MARGIN = 4;

export class Popup {
  private shown = false;

  constructor(
    private readonly anchor: HTMLButtonElement,
    readonly surface: HTMLElement,
    private readonly onToggle: (open: boolean) => void = () => undefined,
  ) {
    anchor.setAttribute('aria-expanded', 'false');
    surface.hidden = true;
    surface.classList.add('popup');
    surface.addEventListener('keydown', this.onKeyDown);
    anchor.addEventListener('keydown', this.onKeyDown);
  }

  get isOpen(): boolean {
    return this.shown;
  }

  open(): void {
    if (this.shown) return;
    this.shown = true;
    this.surface.hidden = false;
    this.anchor.setAttribute('aria-expanded', 'true');
    this.place();
    document.addEventListener('pointerdown', this.onPointerDown, true);
    window.addEventListener('resize', this.onWindowChange);
    window.addEventListener('blur', this.onWindowChange);
    this.onToggle(true);
  }

  /** `restoreFocus`: give the focus back to the button (Escape, a chosen item). */
  close(restoreFocus = false): void {
    if (!this.shown) return;
    this.shown = false;
    this.surface.hidden = true;
    this.anchor.setAttribute('aria-expanded', 'false');
    this.removeWindowListeners();
    if (restoreFocus) this.anchor.focus();
    this.onToggle(false);
  }

  toggle(): void {
    if (this.shown) this.close();
    else this.open();
  }

  dispose(): void {
    this.removeWindowListeners();
    this.surface.removeEventListener('keydown', this.onKeyDown);
    this.anchor.removeEventListener('keydown', this.onKeyDown);
  }

  private removeWindowListeners(): void {
    document.removeEventListener('pointerdown', this.onPointerDown, true);
    window.removeEventListener('resize', this.onWindowChange);
    window.removeEventListener('blur', this.onWindowChange);
  }

  /** Under the button, right edges aligned, kept inside the window. */
  private place(): void {
    const box = this.anchor.getBoundingClientRect();
    const width = this.surface.offsetWidth;
    const left = Math.max(MARGIN, Math.min(box.right - width, window.innerWidth - width - MARGIN));
    this.surface.style.left = `${Math.round(left)}px`;
    this.surface.style.top = `${Math.round(box.bottom + 2)}px`;
    this.surface.style.maxHeight = `${Math.max(80, window.innerHeight - box.bottom - 2 * MARGIN)}px`;
  }

  private readonly onKeyDown = (ev: KeyboardEvent): void => {
    if (ev.key !== 'Escape' || !this.shown) return;
    // Handled here: the timeline and the detail pane also close things on Escape.
    ev.preventDefault();
    ev.stopPropagation();
    this.close(true);
  };

  private readonly onPointerDown = (ev: PointerEvent): void => {
    const target = ev.target as Node | null;
    if (target && (this.surface.contains(target) || this.anchor.contains(target))) return;
    this.close();
  };

  private readonly onWindowChange = (): void => this.close();
}
