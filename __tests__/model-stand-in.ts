// A model server stand-in on loopback for the deploy and smoke tests: the
// probe path answers with `probe`, the sample request (SAMPLE_REQUEST, which
// CiProject writes into its build context) with `prediction`.
import { createServer } from "http";
import { AddressInfo } from "net";

/** The sample request of a test project's build context (model-server/sample-request.json). */
export const SAMPLE_REQUEST = { path: "/predict", method: "POST", body: { data: [[5.1, 3.5, 1.4, 0.2]] }, status: 200, fields: ["predictions"] };

/** What a working model answers to SAMPLE_REQUEST. */
export const PREDICTION = { status: 200, body: '{"predictions": ["setosa"]}' };

export async function modelServer(
  probe = 200,
  prediction: { status: number; body: string } = PREDICTION,
): Promise<{ url: string; close(): void }> {
  const server = createServer((request, response) => {
    if (request.method === "POST" && request.url === SAMPLE_REQUEST.path) {
      response.writeHead(prediction.status, { "content-type": "application/json" });
      response.end(prediction.body);
      return;
    }
    response.writeHead(probe);
    response.end();
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
