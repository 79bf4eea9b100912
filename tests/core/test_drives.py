"""Finding USB sticks on Linux from /proc/mounts and /sys (given as test data)."""

from pathlib import Path

from kiosk.core.drives import _linux_removable_mounts, removable_drives

MOUNTS = """\
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
/dev/sdb1 /media/host/KIOSK\\040STICK vfat rw,nosuid 0 0
/dev/sdc1 /media/host/BACKUP ext4 rw 0 0
tmpfs /run tmpfs rw 0 0
/dev/sdd1 /media/host/CARD exfat rw 0 0
"""


def fake_sys(tmp_path: Path) -> Path:
    block = tmp_path / "class" / "block"
    block.mkdir(parents=True)
    devices = tmp_path / "devices"
    for disk, removable, bus in (
        ("nvme0n1", "0", "pci0000:00/nvme"),
        ("sdb", "1", "pci0000:00/usb1/1-1"),
        ("sdc", "0", "pci0000:00/ata1"),
        ("sdd", "0", "pci0000:00/usb2/2-1"),
    ):
        folder = devices / bus / disk
        folder.mkdir(parents=True)
        (folder / "removable").write_text(removable + "\n")
        part = folder / (disk + ("p2" if disk.startswith("nvme") else "1"))
        part.mkdir()
        (block / part.name).symlink_to(part)
    return block


def test_only_removable_or_usb_drives(tmp_path):
    found = _linux_removable_mounts(MOUNTS, fake_sys(tmp_path))
    assert found == [Path("/media/host/KIOSK STICK"), Path("/media/host/CARD")]


def test_listing_never_fails():
    assert isinstance(removable_drives(), list)
