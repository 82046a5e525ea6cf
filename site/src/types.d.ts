declare module '*?manifest' {
  const file: import('./components/LabFile').ManifestModule;
  export default file;
}
declare module '*?lab' {
  const lab: import('./components/LabChecks').LabModule & { lab: { exercise?: string[] } };
  export default lab;
}
