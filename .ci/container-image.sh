#!/usr/bin/env bash
# Prepares the container test of sample-app (SampleAppContainerIT): a Docker engine and the local base image
# fusering-base:bookworm (Debian bookworm minbase, no JDK: the test bind-mounts the host's JDK 25).
# No image is pulled: the root filesystem is built with debootstrap from the Debian mirror and imported.
#
#   .ci/container-image.sh [start]   install docker.io and debootstrap if missing, start dockerd if no engine
#                                    answers (PID recorded), build the image if missing. Idempotent.
#   .ci/container-image.sh stop      remove the containers of the image and of the test (label
#                                    dev.fusering.container-test), stop the dockerd that start started
#                                    (by its recorded PID; an engine started otherwise is left running).
#
# Run as root. Files: dockerd log /var/log/fusering-dockerd.log, PID /run/fusering/dockerd.pid,
# root filesystem cache /var/cache/fusering/bookworm-minbase.tar.
set -euo pipefail

IMAGE=fusering-base:bookworm
# SampleAppContainerIT puts this label on its container.
TEST_LABEL=dev.fusering.container-test
SUITE=bookworm
STATE_DIR=/run/fusering
PID_FILE=$STATE_DIR/dockerd.pid
DOCKERD_LOG=/var/log/fusering-dockerd.log
CACHE_DIR=/var/cache/fusering
ROOTFS_TAR=$CACHE_DIR/$SUITE-minbase.tar

log() { echo "[container-image $(date +%T)] $*"; }

# The client from Debian's docker.io matches its engine; any other docker on the PATH is the fallback.
docker_cli() {
  if [ -x /usr/bin/docker ]; then /usr/bin/docker "$@"; else docker "$@"; fi
}

engine_up() {
  docker_cli info >/dev/null 2>&1
}

# The Debian mirror apt already uses (deb822 or one-line sources); empty: debootstrap's own default.
debian_mirror() {
  local uri
  uri=$({ grep -hE '^URIs: .*/debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null || true; } \
        | head -n1 | awk '{print $2}')
  if [ -z "$uri" ]; then
    uri=$({ grep -hE '^deb [^ ]*/debian/? ' /etc/apt/sources.list 2>/dev/null || true; } | head -n1 | awk '{print $2}')
  fi
  echo "$uri"
}

install_packages() {
  local need=()
  [ -x /usr/sbin/dockerd ] || need+=(docker.io)
  command -v debootstrap >/dev/null || need+=(debootstrap)
  [ ${#need[@]} -eq 0 ] && return 0
  log "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Package scripts must not start services: this script starts dockerd itself and records its PID.
  local policy_added=false
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    policy_added=true
  fi
  local rc=0
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; } || rc=$?
  if $policy_added; then rm -f /usr/sbin/policy-rc.d; fi
  return $rc
}

start_engine() {
  if engine_up; then
    log "docker engine already running: $(docker_cli version --format '{{.Server.Version}}' 2>/dev/null)"
    return 0
  fi
  mkdir -p "$STATE_DIR"
  log "starting dockerd (log $DOCKERD_LOG)"
  # setsid: dockerd gets its own session, so it neither holds the caller's terminal nor dies with its group.
  setsid /usr/sbin/dockerd >"$DOCKERD_LOG" 2>&1 < /dev/null &
  echo $! > "$PID_FILE"
  local i
  for i in $(seq 1 60); do
    if engine_up; then
      log "docker engine $(docker_cli version --format '{{.Server.Version}}') up after ${i}s (pid $(cat "$PID_FILE"))"
      return 0
    fi
    if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
      echo "container-image: dockerd exited; last lines of $DOCKERD_LOG:" >&2
      tail -n 20 "$DOCKERD_LOG" >&2
      rm -f "$PID_FILE"
      return 1
    fi
    sleep 1
  done
  echo "container-image: dockerd did not answer within 60 s; see $DOCKERD_LOG" >&2
  return 1
}

build_rootfs_tar() {
  [ -s "$ROOTFS_TAR" ] && return 0
  mkdir -p "$CACHE_DIR"
  local dir mirror
  dir=$(mktemp -d "$CACHE_DIR/rootfs.XXXXXX")
  mirror=$(debian_mirror)
  log "debootstrap --variant=minbase $SUITE from ${mirror:-the default mirror}"
  if ! debootstrap --variant=minbase "$SUITE" "$dir" ${mirror:+"$mirror"} > "$CACHE_DIR/debootstrap.log" 2>&1; then
    echo "container-image: debootstrap failed; last lines of $CACHE_DIR/debootstrap.log:" >&2
    tail -n 20 "$CACHE_DIR/debootstrap.log" >&2
    rm -rf "$dir"
    return 1
  fi
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
  tar -C "$dir" -cf "$ROOTFS_TAR.part" .
  mv "$ROOTFS_TAR.part" "$ROOTFS_TAR"
  rm -rf "$dir"
}

build_image() {
  if docker_cli image inspect "$IMAGE" >/dev/null 2>&1; then
    log "image $IMAGE present"
    return 0
  fi
  build_rootfs_tar
  log "importing $ROOTFS_TAR as $IMAGE"
  docker_cli import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["/bin/bash"]' \
    - "$IMAGE" < "$ROOTFS_TAR" >/dev/null
  log "image $IMAGE built"
}

remove_containers() {
  # Containers created from the image (by name, so also when it was rebuilt under them) or labelled by the test.
  local id image label ids=()
  for id in $(docker_cli ps -aq 2>/dev/null || true); do
    image="" label=""
    read -r image label < <(docker_cli inspect --format "{{.Config.Image}} {{index .Config.Labels \"$TEST_LABEL\"}}" \
                              "$id" 2>/dev/null) || true
    if [ "$image" = "$IMAGE" ] || [ "$label" = true ]; then ids+=("$id"); fi
  done
  if [ ${#ids[@]} -gt 0 ]; then
    log "removing containers: ${ids[*]}"
    docker_cli rm -f "${ids[@]}" >/dev/null || true
  fi
}

stop_engine() {
  if engine_up; then remove_containers; fi
  if [ ! -s "$PID_FILE" ]; then
    log "no dockerd started by this script"
    return 0
  fi
  local pid
  pid=$(cat "$PID_FILE")
  if kill -0 "$pid" 2>/dev/null && [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = dockerd ]; then
    log "stopping dockerd (pid $pid)"
    kill -TERM "$pid"
    local i
    for i in $(seq 1 30); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "dockerd did not stop within 30 s: SIGKILL"
      kill -KILL "$pid" || true
    fi
  fi
  rm -f "$PID_FILE"
}

main() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "container-image: run as root" >&2
    exit 1
  fi
  case "${1:-start}" in
    start)
      local t0=$SECONDS
      install_packages
      start_engine
      build_image
      log "ready in $((SECONDS - t0)) s"
      ;;
    stop)
      stop_engine
      ;;
    *)
      echo "usage: $0 [start|stop]" >&2
      exit 2
      ;;
  esac
}

main "$@"
