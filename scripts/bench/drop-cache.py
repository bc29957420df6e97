# Drops the page cache of the files under each argument (posix_fadvise DONTNEED; no root needed),
# so the next read of them comes from the disk: the "cold" runs of scripts/bench/run.mjs.
# Prints how many files it dropped.
import os
import sys

dropped = 0
for root in sys.argv[1:]:
    tree = [(os.path.dirname(root), [], [os.path.basename(root)])] if os.path.isfile(root) else os.walk(root)
    for folder, _, files in tree:
        for name in files:
            try:
                fd = os.open(os.path.join(folder, name), os.O_RDONLY | os.O_NOFOLLOW)
            except OSError:
                continue
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                dropped += 1
            finally:
                os.close(fd)
print(dropped)
