# Sourced by the bench scripts: the one self-signed certificate every TLS row uses, so nginx,
# HAProxy and portierd all serve the same P-256 key.
#   make_bench_certificate DIR   writes DIR/cert.pem, DIR/key.pem, DIR/combined.pem (both, for
#                                HAProxy) and DIR/openssl.log; fails as openssl req does.
make_bench_certificate() {
    local dir=$1
    mkdir -p "$dir"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=127.0.0.1 \
        -keyout "$dir/key.pem" -out "$dir/cert.pem" >"$dir/openssl.log" 2>&1 || return 1
    cat "$dir/cert.pem" "$dir/key.pem" >"$dir/combined.pem"
}
