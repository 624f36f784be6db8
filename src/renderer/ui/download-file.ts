/**
 * Saves text as a file through a Blob and an <a download> click: Chromium saves it, and
 * Electron routes it to its own download handling (no host channel needed).
 */
export interface DownloadableFile {
  readonly fileName: string;
  readonly mimeType: string;
  readonly content: string;
}

export function downloadFile(file: DownloadableFile, doc: Document = document): void {
  const blob = new Blob([file.content], { type: file.mimeType || 'text/plain' });
  const url = URL.createObjectURL(blob);
  const a = doc.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.rel = 'noopener';
  a.hidden = true;
  doc.body.appendChild(a);
  try {
    a.click();
  } finally {
    a.remove();
    // Revoke after the click has been handled, or the download may find no data.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
