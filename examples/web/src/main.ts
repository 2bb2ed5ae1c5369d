// Runs in the browser: shows when the page was loaded.
declare const document: { getElementById(id: string): { textContent: string } | null };
const clock = document.getElementById('clock');
if (clock) clock.textContent = `Loaded at ${new Date().toLocaleTimeString()}`;
