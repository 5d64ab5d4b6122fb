/** The notice over the map: one plain sentence at a time (a fallback, a wait), which the user may close. */
export class NoticeBar {
  private readonly onClose = () => this.show(null);

  constructor(
    private readonly box: HTMLElement,
    private readonly text: HTMLElement,
    private readonly closeButton: HTMLElement,
  ) {
    closeButton.addEventListener('click', this.onClose);
  }

  /** Shows `text`; null takes the notice down. */
  show(text: string | null): void {
    this.box.hidden = !text;
    this.text.textContent = text ?? '';
  }

  dispose(): void {
    this.closeButton.removeEventListener('click', this.onClose);
  }
}
