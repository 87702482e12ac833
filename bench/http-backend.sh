# Sourced by the bench scripts: the nginx HTTP backend of the request/response rows, written
# once here so every script measures against the same one.
#   write_http_backend DIR PORT   writes DIR/nginx.conf: one worker on 127.0.0.1:PORT answering
#                                 every request with a fixed 2-byte body ("ok"), keepalive
#                                 requests unlimited, no access log, temp files under DIR/tmp.
write_http_backend() {
    local dir=$1 port=$2
    mkdir -p "$dir/tmp"
    cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log notice;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 100000000;
    client_body_temp_path $dir/tmp; proxy_temp_path $dir/tmp; fastcgi_temp_path $dir/tmp;
    uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
    server { listen 127.0.0.1:$port backlog=4096; location / { default_type text/plain; return 200 "ok"; } }
}
CONF
}
