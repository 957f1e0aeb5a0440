/** The manifest and layer media types airlock pulls (OCI image spec 1.1, Docker schema 2). */
export const mediaTypes = {
  ociIndex: "application/vnd.oci.image.index.v1+json",
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociConfig: "application/vnd.oci.image.config.v1+json",
  ociLayerTar: "application/vnd.oci.image.layer.v1.tar",
  ociLayerGzip: "application/vnd.oci.image.layer.v1.tar+gzip",
  ociLayerZstd: "application/vnd.oci.image.layer.v1.tar+zstd",
  ociLayerNondistributableGzip: "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
  dockerList: "application/vnd.docker.distribution.manifest.list.v2+json",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerConfig: "application/vnd.docker.container.image.v1+json",
  dockerLayerGzip: "application/vnd.docker.image.rootfs.diff.tar.gzip",
} as const;

/** The Accept header of a manifest request: every manifest and index type airlock reads. */
export const manifestAccept = [
  mediaTypes.ociIndex,
  mediaTypes.ociManifest,
  mediaTypes.dockerList,
  mediaTypes.dockerManifest,
].join(", ");

/** How a layer's bytes are compressed, from its media type; undefined: not a layer type we read. */
export function layerCompression(mediaType: string): "none" | "gzip" | "zstd" | undefined {
  switch (mediaType) {
    case mediaTypes.ociLayerTar:
      return "none";
    case mediaTypes.ociLayerGzip:
    case mediaTypes.ociLayerNondistributableGzip:
    case mediaTypes.dockerLayerGzip:
      return "gzip";
    case mediaTypes.ociLayerZstd:
      return "zstd";
    default:
      return undefined;
  }
}
