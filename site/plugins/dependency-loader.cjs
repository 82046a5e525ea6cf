// webpack loader, run after Docusaurus's MDX loader: tells webpack which lab files a page was built
// from (the lab directives record them while the page compiles), so the watcher and the persistent
// cache rebuild the page when one of them changes.
module.exports = function labDependencies(source, map, meta) {
  const { dependencies } = this.getOptions();
  const used = dependencies.get(this.resourcePath);
  if (used) {
    for (const file of used.files) this.addDependency(file);
    for (const file of used.missing) this.addMissingDependency(file);
    for (const dir of used.dirs) this.addContextDependency(dir);
  }
  this.callback(null, source, map, meta);
};
