#!/usr/bin/python3
"""A FUSE filesystem that forgets, on command, every write not yet fsync'd: a power cut.

    /usr/bin/python3 test/powerloss/powerLossFs.py BACKING MOUNTPOINT

The tree under BACKING is loaded into memory and served at MOUNTPOINT. Every change is made in
memory only; what an fsync makes durable is kept beside it. Commands, one per line on stdin, each
answered by one line on stdout:
  drop   the power cut: every file, directory and name goes back to its durable state, and BACKING
         is rewritten to hold exactly that state   -> "dropped <files> <bytes>" (what was lost)
  sync   sync(1): everything becomes durable, BACKING is rewritten   -> "synced"
End of stdin unmounts and exits (after writing the durable state to BACKING), so a test runner that
dies cannot leave the mount behind. "mounted" is printed once the filesystem serves requests.

The durability model (docs/reliability.md, "Power-loss harness"), conservative next to ext4's
data=ordered (https://docs.kernel.org/filesystems/ext4/ and fsync(2)):
- fsync/fdatasync of a file makes its whole contents durable (not torn: unsynced data is lost
  whole, synced data never partly);
- fsync of a directory makes all its entries as they are now durable: creations, unlinks, renames
  into or out of it (a rename between two directories is durable in each at its own fsync);
- fsync of a file or directory whose own name is not durable yet also makes that name, and those of
  its parents, durable (ext4 commits the creation with the file; POSIX leaves it open, LevelDB
  relies on it for the log files it creates);
- nothing else is durable: a write, truncate, create, rename or unlink not followed by the
  matching fsync is undone by "drop". Metadata (mode, times) is not modelled.
Hard links and symlinks are refused (LevelDB and the kiosk use neither); sockets and fifos are
names like any other (the kiosk's control socket).

Written for Debian's python3-pyfuse3 (libfuse3 + trio). Attributes and names are never cached by
the kernel (timeouts 0) and file pages are dropped at each open, so after "drop" a restarted
process reads the durable state and nothing the kernel kept from before.
"""

import errno
import os
import shutil
import stat
import sys
import time

import pyfuse3
import trio


class Node:
    """One inode. `data`/`children` are what processes see; `synced`/`synced_children` survive."""

    def __init__(self, ino, mode):
        self.ino = ino
        self.mode = mode
        self.data = bytearray()
        self.synced = bytearray()
        # The lowest offset written or truncated since the last fsync (None: data == synced), so an
        # fsync copies what changed, not a whole 4 MB LevelDB log at every commit.
        self.dirty_from = None
        self.version = 0  # bumped at each fsync, so BACKING is rewritten only where it changed
        self.children = {}
        self.synced_children = {}
        self.parent = None  # live location: (parent node, name), None once unlinked
        self.mtime_ns = time.time_ns()

    @property
    def is_dir(self):
        return stat.S_ISDIR(self.mode)

    def changed_from(self, offset):
        self.dirty_from = offset if self.dirty_from is None else min(self.dirty_from, offset)

    def persist(self):
        if self.dirty_from is not None:
            self.synced[self.dirty_from :] = self.data[self.dirty_from :]
            self.dirty_from = None
            self.version += 1


class PowerLossFs(pyfuse3.Operations):
    def __init__(self, backing):
        super().__init__()
        self.backing = backing
        self.next_ino = pyfuse3.ROOT_INODE
        self.nodes = {}
        self.root = self._new(stat.S_IFDIR | 0o755)
        self.written = {}  # BACKING path -> (ino, version) last written there
        self._load(self.root, backing)

    # -- the model ---------------------------------------------------------------------------

    def _new(self, mode):
        node = Node(self.next_ino, mode)
        self.next_ino += 1
        self.nodes[node.ino] = node
        return node

    def _load(self, directory, path):
        for entry in os.scandir(path):
            node = self._new(entry.stat(follow_symlinks=False).st_mode)
            if entry.is_file(follow_symlinks=False):
                with open(entry.path, "rb") as file:
                    node.synced = bytearray(file.read())
                node.data = bytearray(node.synced)
                self.written[entry.path] = (node.ino, node.version)
            elif node.is_dir:
                self._load(node, entry.path)
            name = os.fsencode(entry.name)
            directory.children[name] = directory.synced_children[name] = node
            node.parent = (directory, name)

    def _durable_nodes(self):
        """Every node reachable through durable names, with one durable location each."""
        found = {self.root.ino: (self.root, None)}
        pending = [self.root]
        while pending:
            directory = pending.pop()
            for name, child in directory.synced_children.items():
                if child.ino not in found:
                    found[child.ino] = (child, (directory, name))
                    if child.is_dir:
                        pending.append(child)
        return found

    def _make_name_durable(self, node):
        """fsync of something whose name is not durable: its name and its parents' become durable."""
        durable = self._durable_nodes()
        while node.ino not in durable and node.parent is not None:
            directory, name = node.parent
            directory.synced_children[name] = node
            node = directory

    def _fsync_file(self, node):
        self._make_name_durable(node)
        node.persist()

    def _fsync_dir(self, node):
        self._make_name_durable(node)
        node.synced_children = dict(node.children)

    def drop(self):
        """The power cut. Returns how many files lost data or names, and how many bytes.

        Called once the writing processes have exited: a killed process's request that this layer
        had already read is answered before the process can exit, and one not yet read is withdrawn
        by the kernel, so no write of theirs can arrive after the cut.
        """
        durable = self._durable_nodes()
        files = lost = 0
        for node in self.nodes.values():
            # Files unlinked or replaced on purpose are not losses; their names were removed.
            if node.is_dir or (node.ino in durable and node.dirty_from is None) or (
                node.ino not in durable and node.parent is None
            ):
                continue
            files += 1
            lost += len(node.data) - node.dirty_from if node.ino in durable else len(node.data)
        for node, location in durable.values():
            if node.dirty_from is not None:
                node.data = bytearray(node.synced)
                node.dirty_from = None
            node.children = dict(node.synced_children)
            node.parent = location
        # Anything else (unsynced names, files of killed processes) is gone; its inode numbers
        # answer ESTALE from now on.
        self.nodes = {ino: node for ino, (node, _) in durable.items()}
        self.materialize()
        return files, lost

    def sync_all(self):
        for node in self.nodes.values():
            node.synced_children = dict(node.children)
            node.persist()
        self.materialize()

    def materialize(self, directory=None, path=None):
        """Makes BACKING hold exactly the durable tree (files rewritten only where they changed)."""
        directory = directory or self.root
        path = path or self.backing
        wanted = {os.fsdecode(name): child for name, child in directory.synced_children.items()}
        for name in set(os.listdir(path)) - set(wanted):
            self._remove(os.path.join(path, name))
        for name, child in wanted.items():
            target = os.path.join(path, name)
            if child.is_dir:
                if not os.path.isdir(target):
                    self._remove(target)
                    os.mkdir(target)
                self.materialize(child, target)
            elif stat.S_ISREG(child.mode):
                if self.written.get(target) != (child.ino, child.version):
                    self._remove(target)
                    with open(target, "wb") as file:
                        file.write(child.synced)
                    self.written[target] = (child.ino, child.version)
            elif not os.path.lexists(target):
                os.mknod(target, child.mode)

    def _remove(self, path):
        self.written.pop(path, None)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
            self.written = {p: v for p, v in self.written.items() if not p.startswith(path + os.sep)}
        elif os.path.lexists(path):
            os.unlink(path)

    # -- FUSE operations -----------------------------------------------------------------------

    def _node(self, ino):
        node = self.nodes.get(ino)
        if node is None:
            raise pyfuse3.FUSEError(errno.ESTALE)
        return node

    def _child(self, parent_ino, name):
        child = self._node(parent_ino).children.get(name)
        if child is None:
            raise pyfuse3.FUSEError(errno.ENOENT)
        return child

    def _attrs(self, node):
        attrs = pyfuse3.EntryAttributes()
        attrs.st_ino = node.ino
        attrs.st_mode = node.mode
        attrs.st_nlink = 2 if node.is_dir else 1
        attrs.st_size = len(node.data)
        attrs.st_blksize = 4096
        attrs.st_blocks = (len(node.data) + 511) // 512
        attrs.st_atime_ns = attrs.st_mtime_ns = attrs.st_ctime_ns = node.mtime_ns
        attrs.st_uid = os.getuid()
        attrs.st_gid = os.getgid()
        attrs.entry_timeout = 0
        attrs.attr_timeout = 0
        return attrs

    def _link(self, parent_ino, name, node):
        parent = self._node(parent_ino)
        if name in parent.children:
            raise pyfuse3.FUSEError(errno.EEXIST)
        parent.children[name] = node
        node.parent = (parent, name)
        parent.mtime_ns = time.time_ns()
        return node

    async def lookup(self, parent_inode, name, ctx=None):
        return self._attrs(self._child(parent_inode, name))

    async def getattr(self, inode, ctx=None):
        return self._attrs(self._node(inode))

    async def setattr(self, inode, attr, fields, fh, ctx):
        node = self._node(inode)
        if fields.update_size:
            size = attr.st_size
            node.changed_from(min(size, len(node.data)))
            node.data = node.data[:size] + bytearray(max(0, size - len(node.data)))
        if fields.update_mode:
            node.mode = stat.S_IFMT(node.mode) | stat.S_IMODE(attr.st_mode)
        if fields.update_mtime:
            node.mtime_ns = attr.st_mtime_ns
        return self._attrs(node)

    async def forget(self, inode_list):
        pass  # nodes live until a drop; there are few (LevelDB keeps a handful of files)

    async def opendir(self, inode, ctx):
        self._node(inode)
        return inode

    async def readdir(self, fh, start_id, token):
        entries = sorted(self._node(fh).children.items())
        for index, (name, child) in enumerate(entries[start_id:], start_id + 1):
            if not pyfuse3.readdir_reply(token, name, self._attrs(child), index):
                break

    async def releasedir(self, fh):
        pass

    async def fsyncdir(self, fh, datasync):
        self._fsync_dir(self._node(fh))

    async def mkdir(self, parent_inode, name, mode, ctx):
        return self._attrs(self._link(parent_inode, name, self._new(stat.S_IFDIR | stat.S_IMODE(mode))))

    async def mknod(self, parent_inode, name, mode, rdev, ctx):
        if not (stat.S_ISSOCK(mode) or stat.S_ISFIFO(mode) or stat.S_ISREG(mode)):
            raise pyfuse3.FUSEError(errno.EPERM)
        return self._attrs(self._link(parent_inode, name, self._new(mode)))

    async def create(self, parent_inode, name, mode, flags, ctx):
        node = self._link(parent_inode, name, self._new(stat.S_IFREG | stat.S_IMODE(mode)))
        return pyfuse3.FileInfo(fh=node.ino), self._attrs(node)

    async def open(self, inode, flags, ctx):
        self._node(inode)
        # keep_cache off: the kernel drops this file's cached pages, which may predate a drop.
        return pyfuse3.FileInfo(fh=inode)

    async def read(self, fh, off, size):
        return bytes(self._node(fh).data[off : off + size])

    async def write(self, fh, off, buf):
        node = self._node(fh)
        node.changed_from(min(off, len(node.data)))
        if off > len(node.data):
            node.data.extend(bytearray(off - len(node.data)))
        node.data[off : off + len(buf)] = buf
        node.mtime_ns = time.time_ns()
        return len(buf)

    async def flush(self, fh):
        pass

    async def release(self, fh):
        pass

    async def fsync(self, fh, datasync):
        self._fsync_file(self._node(fh))

    async def unlink(self, parent_inode, name, ctx):
        node = self._child(parent_inode, name)
        if node.is_dir:
            raise pyfuse3.FUSEError(errno.EISDIR)
        del self._node(parent_inode).children[name]
        node.parent = None

    async def rmdir(self, parent_inode, name, ctx):
        node = self._child(parent_inode, name)
        if not node.is_dir:
            raise pyfuse3.FUSEError(errno.ENOTDIR)
        if node.children:
            raise pyfuse3.FUSEError(errno.ENOTEMPTY)
        del self._node(parent_inode).children[name]
        node.parent = None

    async def rename(self, parent_inode_old, name_old, parent_inode_new, name_new, flags, ctx):
        if flags & pyfuse3.RENAME_EXCHANGE:
            raise pyfuse3.FUSEError(errno.EINVAL)
        node = self._child(parent_inode_old, name_old)
        target_dir = self._node(parent_inode_new)
        replaced = target_dir.children.get(name_new)
        if replaced is not None:
            if flags & pyfuse3.RENAME_NOREPLACE:
                raise pyfuse3.FUSEError(errno.EEXIST)
            if replaced.is_dir and replaced.children:
                raise pyfuse3.FUSEError(errno.ENOTEMPTY)
            replaced.parent = None
        del self._node(parent_inode_old).children[name_old]
        target_dir.children[name_new] = node
        node.parent = (target_dir, name_new)

    async def link(self, inode, new_parent_inode, new_name, ctx):
        raise pyfuse3.FUSEError(errno.EPERM)

    async def symlink(self, parent_inode, name, target, ctx):
        raise pyfuse3.FUSEError(errno.EPERM)

    async def statfs(self, ctx):
        stats = pyfuse3.StatvfsData()
        stats.f_bsize = stats.f_frsize = 4096
        stats.f_blocks = stats.f_bfree = stats.f_bavail = 1 << 20
        stats.f_files = stats.f_ffree = stats.f_favail = 1 << 20
        stats.f_namemax = 255
        return stats


async def commands(fs):
    """Reads commands from stdin; returns at end of input. Runs between FUSE requests (one trio
    thread), so a drop never interleaves with a write."""
    stdin = trio.wrap_file(sys.stdin)
    while True:
        line = await stdin.readline()
        if line == "":
            return
        command = line.strip()
        if command == "drop":
            files, lost = fs.drop()
            print(f"dropped {files} {lost}", flush=True)
        elif command == "sync":
            fs.sync_all()
            print("synced", flush=True)
        else:
            print(f"unknown command {command!r}", flush=True)


async def serve(fs):
    async with trio.open_nursery() as nursery:
        nursery.start_soon(pyfuse3.main)
        print("mounted", flush=True)
        await commands(fs)
        nursery.cancel_scope.cancel()


def main():
    backing, mountpoint = sys.argv[1:3]
    fs = PowerLossFs(os.path.abspath(backing))
    options = set(pyfuse3.default_options)
    options.add("fsname=powerlossfs")
    options.discard("default_permissions")
    pyfuse3.init(fs, mountpoint, options)
    try:
        trio.run(serve, fs)
    finally:
        pyfuse3.close(unmount=True)
        fs.materialize()


if __name__ == "__main__":
    main()
