// The weekly report's stylesheet, inline so the page stands alone (saved, printed, forwarded).
export const reportStyles = `
  :root { color: #1c2230; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
  body { margin: 0; background: #f5f6f8; }
  .report { max-width: 880px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }
  h1 { font-size: 22px; margin: 8px 0 2px; }
  h2 { font-size: 17px; margin: 28px 0 6px; padding-bottom: 4px; border-bottom: 2px solid #4f46e5; }
  h3 { font-size: 14px; margin: 16px 0 4px; }
  .answer { font-size: 15px; margin: 6px 0 10px; }
  .muted { color: #5f6878; }
  .banner { padding: 10px 14px; background: #fff7ed; border: 1px solid #fdba74; border-radius: 6px; }
  .toolbar { font-size: 13px; margin-bottom: 8px; }
  table { width: 100%; border-collapse: collapse; margin: 8px 0 12px; font-size: 13px; }
  caption { text-align: left; font-weight: 600; padding: 4px 0; }
  th, td { padding: 5px 8px; border-bottom: 1px solid #e1e4ea; text-align: left; }
  thead th { background: #f3f4f7; font-size: 12px; color: #5f6878; }
  .num { text-align: right; font-variant-numeric: tabular-nums; }
  ul { margin: 4px 0 10px; padding-left: 20px; }
  @page { size: A4; margin: 14mm; }
  @media print {
    :root { font-size: 11pt; }
    body { background: #fff; }
    .report { max-width: none; padding: 0; }
    .no-print { display: none; }
    section { break-inside: avoid; }
    h2, h3, caption { break-after: avoid; }
    .page-break { break-before: page; }
    a { color: inherit; text-decoration: none; }
  }
`;
