"""Runs llama.cpp's HTTP server in-process through xllamacpp, the portable (AVX2) build.

Takes the subset of llama-server's arguments that scripts/local-model passes, so both servers
start the same way, and stays in the foreground until it is signalled.
"""

import argparse
import signal
import threading

import xllamacpp


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-m", dest="model", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--alias", default="")
    parser.add_argument("-t", dest="threads", type=int, default=2)
    parser.add_argument("-c", dest="context", type=int, default=8192)
    parser.add_argument("-np", dest="parallel", type=int, default=1)
    parser.add_argument("--jinja", action="store_true")
    parser.add_argument("--chat-template-file")
    args = parser.parse_args()

    params = xllamacpp.CommonParams()
    params.model.path = args.model
    params.hostnames = [args.host]
    params.port = args.port
    if args.alias:
        params.model_alias = {args.alias}
    params.cpuparams.n_threads = args.threads
    params.cpuparams_batch.n_threads = args.threads
    params.n_ctx = args.context
    params.n_parallel = args.parallel
    params.use_jinja = True
    if args.chat_template_file:
        with open(args.chat_template_file, encoding="utf-8") as template:
            params.chat_template = template.read()

    server = xllamacpp.Server(params)
    print(f"xllamacpp server listening on {server.listening_address}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()


if __name__ == "__main__":
    main()
