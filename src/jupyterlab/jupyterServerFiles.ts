/**
 * ServerFiles backed by the Jupyter server: the output's resolver (which knows the notebook's
 * path) turns server paths into download URLs, and the browser fetches them with the page's
 * credentials. The server root's absolute location comes from the page configuration
 * (`serverRoot` in the JSON JupyterLab embeds in every page), read directly rather than through
 * @jupyterlab/coreutils, whose PageConfig reads the same element.
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { thumbnailFromBlob } from './browserThumbnail';
import type { ServerFiles } from './serverFiles';
import { normalizeServerPath } from './serverPaths';

/** The server root from the page configuration; null when absent or written as `~/...`. */
function serverRootOf(doc: Document): string | null {
  const element = doc.getElementById('jupyter-config-data');
  if (!element?.textContent) return null;
  try {
    const config = JSON.parse(element.textContent) as { serverRoot?: unknown };
    return typeof config.serverRoot === 'string' && config.serverRoot.startsWith('/')
      ? config.serverRoot
      : null;
  } catch {
    return null;
  }
}

/** A server path as the resolver expects a URL path: each segment percent-encoded. */
function urlPathOf(serverPath: string): string {
  return serverPath.split('/').map(encodeURIComponent).join('/');
}

/** The ServerFiles of the document an output belongs to. */
export async function jupyterServerFiles(
  resolver: IRenderMime.IResolver,
  doc: Document,
): Promise<ServerFiles> {
  // The resolver resolves relative URLs against the notebook's folder and answers URL-encoded.
  const notebookDir = normalizeServerPath(decodeURI(await resolver.resolveUrl('.'))) ?? '';
  const fetchFile = async (serverPath: string): Promise<Response | null> => {
    const url = await resolver.getDownloadUrl(urlPathOf(serverPath));
    const response = await fetch(url, { credentials: 'same-origin' });
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`the server answered ${response.status} for ${serverPath}`);
    return response;
  };
  return {
    notebookDir,
    serverRoot: serverRootOf(doc),
    readText: async (serverPath) => {
      const response = await fetchFile(serverPath);
      return response ? response.text() : null;
    },
    thumbnail: async (serverPath) => {
      const response = await fetchFile(serverPath);
      return response ? thumbnailFromBlob(await response.blob(), doc) : null;
    },
  };
}
