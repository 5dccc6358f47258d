// In create-tao-subnet's bundle this stands in for fly-import, which yeoman-environment uses only to
// install generators on demand (through npm's arborist and pacote). create-tao-subnet registers its
// own generator and never installs one, so these are never called; if they were, they say so.
export class FlyRepository {
  constructor(options = {}) {
    this.repositoryPath = options.repositoryPath;
  }
  async install() {
    throw new Error("create-tao-subnet: installing Yeoman generators on demand is not supported");
  }
}
export async function flyImport() {
  throw new Error("create-tao-subnet: installing Yeoman generators on demand is not supported");
}
