# Shared set-up steps for scripts/test.sh and scripts/demo.sh (sourced, not run).

log() { echo "[setup] $*" >&2; }

apt_updated=0
apt_install() {
    if [ "$apt_updated" = 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_services() {
    if ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
        command -v redis-server >/dev/null || apt_install redis-server
        log "starting redis"
        mkdir -p /var/lib/redis /var/log/redis
        redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
            --dir /var/lib/redis --logfile /var/log/redis/ci.log
    fi
    if ! (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
        if ls /etc/postgresql >/dev/null 2>&1; then
            log "starting postgresql"
            pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
        else
            log "postgresql is not installed: the PostgreSQL tests will say so and skip"
        fi
    fi
    if [ ! -x /usr/sbin/sshd ]; then
        log "installing openssh-server and openssl for the SFTP and AS2 tests"
        apt_install openssh-server openssh-client openssl || log "could not install openssh-server"
    fi
    if [ ! -x /usr/bin/chromium ]; then
        log "installing chromium for the console's browser tests"
        apt_install chromium || log "could not install chromium"
    fi
    for _ in $(seq 1 30); do
        (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null && break
        sleep 0.2
    done
}

ensure_venv() {
    local stamp=.venv/.installed-$(cat setup.cfg pyproject.toml | sha256sum | cut -c1-16)
    if [ ! -x .venv/bin/python ]; then
        log "creating .venv"
        python3 -m venv .venv
    fi
    if [ ! -f "$stamp" ]; then
        log "installing the gateway and its test dependencies into .venv"
        .venv/bin/pip install -q --upgrade pip >/dev/null 2>&1 || true
        .venv/bin/pip install -q -e '.[test]'
        rm -f .venv/.installed-*
        touch "$stamp"
    fi
}
