// The page the Go server serves; its text comes from here.
export const greeting: string = 'Hello from the nx-gopkg web app';

export function render(): string {
  return `<!doctype html>
<html>
  <head><meta charset="utf-8"><title>${greeting}</title></head>
  <body><h1>${greeting}</h1><p id="clock"></p><script src="main.js"></script></body>
</html>
`;
}
