import sys

from generator.cli import start

# main is called from here, not inside run(): a frame fewer under the command (Python 3.11 keeps frames in
# chunks of memory that a recursion going back and forth over a chunk's end maps and unmaps each time)
sys.exit(start()())
