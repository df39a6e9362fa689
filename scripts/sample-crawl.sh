#!/usr/bin/env bash
# The main job on a fresh machine: set up, serve the bundled sample web on 127.0.0.1,
# crawl every configured source into out/reviews.jsonl, then stop the server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. scripts/venv.sh
use_venv

mkdir -p out
reviewcrawl serve > out/serve.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
python3 - <<'PY'
import socket, time
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", 8711), timeout=0.2).close()
        break
    except OSError:
        time.sleep(0.1)
PY

scrapy crawl reviews -a source=all -O out/reviews.jsonl -s LOG_FILE=out/crawl.log -s LOG_LEVEL=INFO
grep "reviewcrawl summary" out/crawl.log
echo "records: $(wc -l < out/reviews.jsonl) in out/reviews.jsonl"
