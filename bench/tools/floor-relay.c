/*
 * floor-relay: the least a user-space relay can do, to measure the cost floor of one proxy hop on a machine.
 * One thread, level-triggered epoll, one recv and one send per readiness, no parsing, no pooling, no limits: the
 * bytes of each accepted connection go to a new connection to the upstream and back. A measuring tool for
 * bench/scripts/pg-pgbench-compare.sh and mysql-sysbench-compare.sh (FLOOR_RELAY=1), not a proxy: a short send is
 * finished with blocking writes.
 *
 *   cc -O2 -o floor-relay floor-relay.c && ./floor-relay LISTEN_PORT UPSTREAM
 *
 * LISTEN_PORT is on 127.0.0.1; UPSTREAM is a port on 127.0.0.1 or the path of a Unix-domain socket.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_FD 65536
static int peer[MAX_FD];

static int tcp_socket(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    if (fd < 0) { perror("socket"); exit(1); }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

static struct sockaddr_in loopback(int port) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

static void drop(int ep, int fd) {
    int other = peer[fd];
    epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
    close(fd);
    if (other >= 0) { epoll_ctl(ep, EPOLL_CTL_DEL, other, NULL); close(other); peer[other] = -1; }
    peer[fd] = -1;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s LISTEN_PORT UPSTREAM_PORT|UPSTREAM_SOCKET_PATH\n", argv[0]); return 2; }
    struct sockaddr_in listen_at = loopback(atoi(argv[1])), upstream_tcp = loopback(atoi(argv[2]));
    struct sockaddr_un upstream_unix = {.sun_family = AF_UNIX};
    int unix_upstream = argv[2][0] == '/';
    if (unix_upstream) {
        if (strlen(argv[2]) >= sizeof upstream_unix.sun_path) { fprintf(stderr, "socket path too long\n"); return 2; }
        strcpy(upstream_unix.sun_path, argv[2]);
    }
    struct sockaddr *upstream = unix_upstream ? (struct sockaddr *) &upstream_unix : (struct sockaddr *) &upstream_tcp;
    socklen_t upstream_len = unix_upstream ? sizeof upstream_unix : sizeof upstream_tcp;
    int ls = tcp_socket(), one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(ls, (struct sockaddr *) &listen_at, sizeof listen_at) || listen(ls, 512)) { perror("listen"); return 1; }
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = ls};
    epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
    static char buf[65536];
    struct epoll_event ready[64];
    for (;;) {
        int n = epoll_wait(ep, ready, 64, -1);
        for (int i = 0; i < n; i++) {
            int fd = ready[i].data.fd;
            if (fd == ls) {
                int c = accept(ls, NULL, NULL);
                if (c < 0 || c >= MAX_FD) { if (c >= 0) close(c); continue; }
                setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                int s = unix_upstream ? socket(AF_UNIX, SOCK_STREAM, 0) : tcp_socket();
                if (s < 0 || connect(s, upstream, upstream_len)) { perror("connect"); close(c); close(s); continue; }
                peer[c] = s; peer[s] = c;
                ev.data.fd = c; epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev);
                ev.data.fd = s; epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev);
                continue;
            }
            if (peer[fd] < 0) continue;
            ssize_t got = recv(fd, buf, sizeof buf, 0);
            if (got <= 0) { if (got < 0 && errno == EAGAIN) continue; drop(ep, fd); continue; }
            for (ssize_t off = 0; off < got;) {
                ssize_t w = send(peer[fd], buf + off, got - off, 0);
                if (w < 0) { if (errno == EINTR) continue; drop(ep, fd); break; }
                off += w;
            }
        }
    }
}
