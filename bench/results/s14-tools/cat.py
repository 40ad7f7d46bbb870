import sys,collections
# cat.py A.txt B.txt: event-loop samples of two collapsed profiles, grouped by deepest Turnout frame, A minus B
def load(f):
    c=collections.Counter()
    for line in open(f):
        if not line.startswith('[turnout-io'): continue
        stack,n=line.rsplit(' ',1); n=int(n)
        frames=stack.split(';')
        key='other'
        marks=['PgFrontendHandler.channelRead','PgBackendHandler.channelRead','channelReadComplete','flush0','epollWait','Native.epollWait','doWriteBytes','writeBytes','readBytes','doReadBytes','DeferredReads','repliesFlushed','processSelectedKeys','runAllTasks']
        # pick the deepest turnout frame
        tf=[f for f in frames if 'io/turnout' in f]
        if tf:
            key=tf[-1].split('/')[-1][:70]
        else:
            for f in reversed(frames):
                if any(m in f for m in ['epoll','read','write','send','recv']):
                    key=f.split('/')[-1][:70]; break
            else: key=frames[-1][:70]
        c[key]+=n
    return c
a=load(sys.argv[1]); b=load(sys.argv[2])
keys=set(a)|set(b)
rows=sorted(keys,key=lambda k:-(a[k]-b[k]))
print(sum(a.values()),sum(b.values()))
for k in rows[:45]: print(f"{a[k]:5d} {b[k]:5d} {a[k]-b[k]:+5d} {k}")
