/*
 * Receiving clients of the fan-out scenarios (6, 9) in C: N socket.io clients (protocol v5 over a
 * WebSocket, as socket.io-client speaks it with `transports: ['websocket']`) on one epoll loop.
 *
 * Why not socket.io-client: 1,000 of them in one Node process use a whole core at 50,000
 * deliveries a second (measured against the bare server: 97-98% of a core), so on a machine with
 * two cores the clients' own queue, not the server, made the tail of the latency. This loop does
 * the same work (handshake, auth, subscribe with its acknowledgement, engine.io ping/pong, one
 * JSON event per delivery) at a fraction of the cost. Built by the bench with `cc -O2`.
 *
 * Driven over stdin/stdout, one command a line:
 *   connect HOST PORT ROOM|- TOKENS_FILE  ->  "connected N FAILED ERROR|-"
 *   count                                 ->  "count COUNT": deliveries since the last collect
 *   collect                               ->  "collected COUNT DUPLICATES OUT_OF_ORDER LAST_AT|- CONNECTED"
 *                                             then COUNT lines, one latency in ms each (since the
 *                                             last collect); CONNECTED: sockets still subscribed
 *   close                                 ->  "closed", then exit
 * A delivery is a `live.message` event whose body holds `bench-fanout k=<k> t=<ms since epoch>`;
 * its latency is the wall clock on arrival minus t (one machine, one clock). Per socket, a k seen
 * twice is a duplicate and an envelope seq not above the last one is out of order.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CONNECTING_AT_ONCE 50
/* A connection not subscribed this long after it started fails (the connect phase always ends). */
#define CONNECT_DEADLINE_MS 30000.0

enum state { S_TCP, S_UPGRADE, S_OPEN, S_CONNECTED, S_READY, S_FAILED };

struct conn {
  int fd;
  enum state state;
  char *in;
  size_t in_len, in_cap;
  char *out;
  size_t out_len, out_cap;
  long last_seq;
  uint8_t *seen; /* bitmap of the k seen, grown as k grows */
  size_t seen_cap;
  double started_at;
  const char *token;
};

static struct conn *conns;
static int nconns, next_to_start, in_progress, ready_count, failed_count;
static char first_error[256] = "-";
static int ep;
static char host[64], room[256];
static int port;

static double *lat;
static size_t lat_len, lat_cap;
static long duplicates, out_of_order;
static double last_at = -1;

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void *grow(void *p, size_t *cap, size_t need, size_t unit) {
  if (need <= *cap) return p;
  size_t c = *cap ? *cap : 4096 / unit;
  while (c < need) c *= 2;
  void *q = realloc(p, c * unit);
  if (!q) {
    perror("realloc");
    exit(1);
  }
  *cap = c;
  return q;
}

static void fail(struct conn *c, const char *why) {
  if (c->state == S_FAILED) return;
  int was_ready = c->state == S_READY;
  c->state = S_FAILED;
  if (c->fd >= 0) {
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->fd = -1;
  }
  if (was_ready) ready_count--;
  else in_progress--;
  failed_count++;
  if (!strcmp(first_error, "-")) snprintf(first_error, sizeof first_error, "%s", why);
}

static void want_write(struct conn *c, int on) {
  struct epoll_event ev = { .events = EPOLLIN | (on ? EPOLLOUT : 0), .data.ptr = c };
  epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

static void flush_out(struct conn *c) {
  while (c->out_len) {
    ssize_t n = write(c->fd, c->out, c->out_len);
    if (n < 0) {
      if (errno == EAGAIN) return want_write(c, 1);
      return fail(c, strerror(errno));
    }
    memmove(c->out, c->out + n, c->out_len - n);
    c->out_len -= n;
  }
  want_write(c, 0);
}

static void queue_raw(struct conn *c, const void *data, size_t len) {
  c->out = grow(c->out, &c->out_cap, c->out_len + len, 1);
  memcpy(c->out + c->out_len, data, len);
  c->out_len += len;
}

/* One masked text frame (a client's frames must be masked). */
static void send_text(struct conn *c, const char *text) {
  size_t len = strlen(text);
  uint8_t head[14];
  size_t h = 0;
  head[h++] = 0x81;
  if (len < 126) head[h++] = 0x80 | len;
  else if (len < 65536) {
    head[h++] = 0x80 | 126;
    head[h++] = len >> 8;
    head[h++] = len & 0xff;
  } else {
    head[h++] = 0x80 | 127;
    for (int i = 7; i >= 0; i--) head[h++] = (uint64_t)len >> (8 * i);
  }
  uint8_t mask[4];
  for (int i = 0; i < 4; i++) mask[i] = rand();
  memcpy(head + h, mask, 4);
  h += 4;
  queue_raw(c, head, h);
  c->out = grow(c->out, &c->out_cap, c->out_len + len, 1);
  for (size_t i = 0; i < len; i++) c->out[c->out_len + i] = text[i] ^ mask[i & 3];
  c->out_len += len;
  flush_out(c);
}

static void became_ready(struct conn *c) {
  c->state = S_READY;
  in_progress--;
  ready_count++;
}

static void on_delivery(struct conn *c, const char *p, size_t len) {
  if (!memmem(p, len, "\"type\":\"live.message\"", 21)) return;
  const char *mark = memmem(p, len, "bench-fanout k=", 15);
  if (!mark) return;
  double at = now_ms();
  char *end;
  long k = strtol(mark + 15, &end, 10);
  if (strncmp(end, " t=", 3)) return;
  double t = strtod(end + 3, NULL);
  if (k < 0) {
    fail(c, "negative k");
    return;
  }
  if ((size_t)(k >> 3) >= c->seen_cap) {
    size_t cap = c->seen_cap ? c->seen_cap : 1024;
    while (cap <= (size_t)(k >> 3)) cap *= 2;
    c->seen = realloc(c->seen, cap);
    if (!c->seen) {
      perror("realloc");
      exit(1);
    }
    memset(c->seen + c->seen_cap, 0, cap - c->seen_cap);
    c->seen_cap = cap;
  }
  if (c->seen[k >> 3] & (1 << (k & 7))) {
    duplicates++;
    return;
  }
  c->seen[k >> 3] |= 1 << (k & 7);
  const char *s = memmem(p, len, "\"seq\":", 6);
  if (s && s < mark) {
    long seq = strtol(s + 6, NULL, 10);
    if (seq <= c->last_seq) out_of_order++;
    c->last_seq = seq;
  }
  lat = grow(lat, &lat_cap, lat_len + 1, sizeof *lat);
  lat[lat_len++] = at - t;
  last_at = at;
}

/* One engine.io packet (a whole text frame). */
static void on_packet(struct conn *c, char *p, size_t len) {
  if (!len) return;
  char type = p[0];
  if (type == '2') return send_text(c, "3"); /* engine.io ping */
  if (type == '0') {                         /* engine.io open: socket.io CONNECT with auth */
    char buf[2048];
    if (c->token) snprintf(buf, sizeof buf, "40{\"token\":\"%s\"}", c->token);
    else snprintf(buf, sizeof buf, "40{}");
    return send_text(c, buf);
  }
  if (type == '1') return fail(c, "closed by the server");
  if (type != '4' || len < 2) return;
  char kind = p[1];
  if (kind == '2') return on_delivery(c, p, len);
  if (kind == '0' && c->state == S_OPEN) {
    if (!strcmp(room, "-")) return became_ready(c);
    char buf[512];
    snprintf(buf, sizeof buf, "420[\"subscribe\",{\"room\":\"%s\"}]", room);
    c->state = S_CONNECTED;
    return send_text(c, buf);
  }
  if (kind == '1') return fail(c, "disconnected by the server");
  if (kind == '4') {
    char why[200];
    snprintf(why, sizeof why, "connect_error %.*s", (int)(len - 2 > 150 ? 150 : len - 2), p + 2);
    return fail(c, why);
  }
  if (kind == '3' && c->state == S_CONNECTED) {
    if (memmem(p, len, "\"ok\":true", 9)) return became_ready(c);
    char why[200];
    snprintf(why, sizeof why, "subscribe: %.*s", (int)(len > 150 ? 150 : len), p);
    return fail(c, why);
  }
}

static void on_frames(struct conn *c) {
  size_t at = 0;
  while (c->in_len - at >= 2) {
    uint8_t *h = (uint8_t *)c->in + at;
    int fin = h[0] & 0x80, op = h[0] & 0x0f;
    uint64_t len = h[1] & 0x7f;
    size_t hl = 2;
    if (h[1] & 0x80) return fail(c, "masked frame from the server");
    if (len == 126) {
      if (c->in_len - at < 4) break;
      len = (h[2] << 8) | h[3];
      hl = 4;
    } else if (len == 127) {
      if (c->in_len - at < 10) break;
      len = 0;
      for (int i = 0; i < 8; i++) len = (len << 8) | h[2 + i];
      hl = 10;
    }
    if (c->in_len - at < hl + len) break;
    char *payload = c->in + at + hl;
    at += hl + len;
    if (!fin) return fail(c, "fragmented frame");
    if (op == 1) on_packet(c, payload, len);
    else if (op == 8) return fail(c, "websocket closed by the server");
    else if (op == 9) { /* ping: answer with a pong of the same payload */
      uint8_t head[6] = { 0x8a, 0x80 | (uint8_t)len, 0, 0, 0, 0 };
      queue_raw(c, head, 6);
      queue_raw(c, payload, len);
      flush_out(c);
    }
    if (c->state == S_FAILED) return;
  }
  memmove(c->in, c->in + at, c->in_len - at);
  c->in_len -= at;
}

static void start_one(void);

static void on_readable(struct conn *c) {
  for (;;) {
    c->in = grow(c->in, &c->in_cap, c->in_len + 65536, 1);
    size_t space = c->in_cap - c->in_len;
    ssize_t n = read(c->fd, c->in + c->in_len, space);
    if (n == 0) {
      if (c->state >= S_OPEN) on_frames(c); /* what arrived before the close still counts */
      return fail(c, "connection closed");
    }
    if (n < 0) {
      if (errno == EAGAIN) break;
      return fail(c, strerror(errno));
    }
    c->in_len += n;
    if ((size_t)n < space) break; /* drained */
  }
  if (c->state == S_UPGRADE) {
    char *end = memmem(c->in, c->in_len, "\r\n\r\n", 4);
    if (!end) return;
    if (strncmp(c->in, "HTTP/1.1 101", 12)) return fail(c, "upgrade refused");
    size_t head = end + 4 - c->in;
    memmove(c->in, c->in + head, c->in_len - head);
    c->in_len -= head;
    c->state = S_OPEN;
  }
  on_frames(c);
}

static void on_writable(struct conn *c) {
  if (c->state == S_TCP) {
    int err = 0;
    socklen_t l = sizeof err;
    getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &l);
    if (err) return fail(c, strerror(err));
    char req[512];
    int n = snprintf(req, sizeof req,
                     "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\n"
                     "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
                     host, port);
    c->state = S_UPGRADE;
    queue_raw(c, req, n);
  }
  flush_out(c);
}

static void start_one(void) {
  while (next_to_start < nconns && in_progress < CONNECTING_AT_ONCE) {
    struct conn *c = &conns[next_to_start++];
    in_progress++;
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
    c->state = S_TCP;
    c->started_at = now_ms();
    struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT, .data.ptr = c };
    epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
    if (inet_pton(AF_INET, host, &a.sin_addr) != 1) fail(c, "HOST must be an IPv4 address");
    else if (connect(c->fd, (struct sockaddr *)&a, sizeof a) < 0 && errno != EINPROGRESS) fail(c, strerror(errno));
  }
}

static char *read_tokens(const char *file, int *count) {
  FILE *f = fopen(file, "r");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  rewind(f);
  char *text = malloc(size + 1);
  size_t got = fread(text, 1, size, f);
  text[got] = 0;
  fclose(f);
  *count = 0;
  for (char *p = text; *p; p++)
    if (*p == '\n') (*count)++;
  return text;
}

static int connecting;

static void command(char *line) {
  if (!strncmp(line, "connect ", 8)) {
    char file[1024];
    if (sscanf(line + 8, "%63s %d %255s %1023s", host, &port, room, file) != 4) {
      printf("error bad connect\n");
      fflush(stdout);
      return;
    }
    int count;
    char *text = read_tokens(file, &count);
    if (!text) {
      printf("error no tokens file\n");
      fflush(stdout);
      return;
    }
    conns = calloc(count, sizeof *conns);
    nconns = count;
    char *p = text;
    for (int i = 0; i < count; i++) {
      char *nl = strchr(p, '\n');
      *nl = 0;
      conns[i].token = *p && strcmp(p, "-") ? p : NULL;
      conns[i].fd = -1;
      p = nl + 1;
    }
    connecting = 1;
    start_one();
  } else if (!strcmp(line, "count")) {
    printf("count %zu\n", lat_len);
    fflush(stdout);
  } else if (!strcmp(line, "collect")) {
    printf("collected %zu %ld %ld ", lat_len, duplicates, out_of_order);
    if (last_at < 0) printf("- %d\n", ready_count);
    else printf("%.3f %d\n", last_at, ready_count);
    for (size_t i = 0; i < lat_len; i++) printf("%.3f\n", lat[i]);
    fflush(stdout);
    lat_len = 0;
    duplicates = out_of_order = 0;
    last_at = -1;
  } else if (!strcmp(line, "close")) {
    for (int i = 0; i < nconns; i++)
      if (conns[i].fd >= 0) close(conns[i].fd);
    printf("closed\n");
    fflush(stdout);
    exit(0);
  } else {
    printf("error unknown command\n");
    fflush(stdout);
  }
}

int main(void) {
  srand(getpid());
  signal(SIGPIPE, SIG_IGN); /* a write to a socket the server reset fails that socket, not the process */
  ep = epoll_create1(0);
  fcntl(0, F_SETFL, O_NONBLOCK);
  struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
  epoll_ctl(ep, EPOLL_CTL_ADD, 0, &ev);
  char cmd[4096];
  size_t cmd_len = 0;
  struct epoll_event events[256];
  for (;;) {
    int n = epoll_wait(ep, events, 256, 1000);
    for (int i = 0; i < n; i++) {
      struct conn *c = events[i].data.ptr;
      if (!c) {
        ssize_t r = read(0, cmd + cmd_len, sizeof cmd - 1 - cmd_len);
        if (r == 0) return 0; /* the driver is gone */
        if (r < 0) continue;
        cmd_len += r;
        char *nl;
        while ((nl = memchr(cmd, '\n', cmd_len))) {
          *nl = 0;
          command(cmd);
          size_t used = nl + 1 - cmd;
          memmove(cmd, nl + 1, cmd_len - used);
          cmd_len -= used;
        }
        continue;
      }
      if (c->state == S_FAILED) continue;
      if (events[i].events & (EPOLLERR | EPOLLHUP) && c->state == S_TCP) {
        fail(c, "connection refused");
        continue;
      }
      if (events[i].events & EPOLLOUT) on_writable(c);
      if (c->state != S_FAILED && events[i].events & EPOLLIN) on_readable(c);
    }
    if (connecting) {
      double now = now_ms();
      for (int i = 0; i < next_to_start; i++)
        if (conns[i].state != S_READY && conns[i].state != S_FAILED && now - conns[i].started_at > CONNECT_DEADLINE_MS)
          fail(&conns[i], "not subscribed within 30 s");
      start_one();
      if (next_to_start == nconns && in_progress == 0) {
        connecting = 0;
        printf("connected %d %d %s\n", ready_count, failed_count, first_error);
        fflush(stdout);
      }
    }
  }
}
