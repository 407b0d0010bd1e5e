/**
 * Form uploads (`multipart/form-data`) for the console, read by the Fetch API's own parser (undici's
 * `Request.formData()`, part of Node) rather than another dependency: text fields come back as
 * strings, files as their name and bytes. The body is capped like an import sent to the admin API
 * (adminRoutes.ts `importMaxBodyBytes`); past the cap Fastify answers 413 before parsing.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { importMaxBodyBytes } from "../../adminRoutes.js";

export interface UploadedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export type MultipartFields = Record<string, string | UploadedFile>;

export function acceptMultipart(app: FastifyInstance): void {
  app.addContentTypeParser(
    "multipart/form-data",
    { parseAs: "buffer", bodyLimit: importMaxBodyBytes },
    async (request: FastifyRequest, body: Buffer): Promise<MultipartFields> => {
      const form = await new Request("http://console.invalid/", {
        method: "POST",
        headers: { "content-type": request.headers["content-type"] ?? "" },
        body,
      }).formData();
      const fields: MultipartFields = {};
      for (const [key, value] of form)
        fields[key] =
          typeof value === "string"
            ? value
            : { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
      return fields;
    },
  );
}

export function uploadedFile(body: unknown, field: string): UploadedFile | undefined {
  const value = (body as MultipartFields | undefined)?.[field];
  return typeof value === "object" && value.bytes.length > 0 ? value : undefined;
}
