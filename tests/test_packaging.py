"""The project as a wheel is complete: installed on its own, away from the source tree, it
has every file under app/ (templates, static files, data, migrations: not only the modules
of its packages), and serves the admin's login and an article page.

The wheel goes into a new venv with `--no-deps`; that venv borrows the dev venv's
dependencies through a .pth file naming the dev venv's site-packages. A path listed in a
.pth is added to sys.path, but the .pth files in it are not read, so the dev venv's editable
install of this project (its own .pth) stays out: `app` can only come from the wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from markupsafe import escape

from tests.support.line import CONTENT, ROOT, TEST_REDIS_URL
from tests.support.shipped import library

pytestmark = pytest.mark.slow

# What the wheel is built from: the build's inputs, copied, so the build leaves nothing
# (build/, *.egg-info) in the working tree.
SOURCES = ("pyproject.toml", "README.md", "app", "workers")

SERVE = """
import json
import app
from app import create_app

client = create_app().test_client()
pages = {}
for path in ("/admin/login", "/articles/your-results", "/static/admin.css"):
    answer = client.get(path)
    pages[path] = [answer.status_code, answer.mimetype, answer.get_data(as_text=True)]
print(json.dumps({"app": app.__file__, "pages": pages}))
"""


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, **kwargs)
    assert done.returncode == 0, f"{command}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


def files(package: Path) -> set[str]:
    """Every file under `package`, relative to it, less Python's bytecode caches."""
    return {
        str(path.relative_to(package))
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(
                ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    # No build isolation: the dev venv's setuptools (constraints.txt) builds it, offline.
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "--quiet", "-w", str(out), str(source)], cwd=source)  # fmt: skip
    (found,) = out.glob("nm_info_line-*.whl")
    return found


def test_the_wheel_has_every_file_under_app(wheel: Path):
    with zipfile.ZipFile(wheel) as archive:
        packed = {n.removeprefix("app/") for n in archive.namelist() if n.startswith("app/")}
    missing = files(ROOT / "app") - packed
    assert not missing, f"not in the wheel: {sorted(missing)}"


def test_the_wheel_installed_on_its_own_serves_the_admin_and_an_article(
    wheel: Path, tmp_path: Path
):
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    # Installed before the dev venv is borrowed, so pip sees an empty venv.
    run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--quiet",
         "--disable-pip-version-check", str(wheel)])  # fmt: skip
    site_packages = Path(
        run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]
        ).stdout.strip()
    )
    borrowed = dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    (site_packages / "dev-venv.pth").write_text("".join(f"{p}\n" for p in borrowed))

    elsewhere = tmp_path / "elsewhere"  # the working directory, outside the repository
    elsewhere.mkdir()
    (tmp_path / "audio").mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PYTHON")},
        "PYTHONNOUSERSITE": "1",
        "APP_ENV": "development",
        "CONTENT_DIR": str(CONTENT),
        "AUDIO_DIR": str(tmp_path / "audio"),
        "REDIS_URL": TEST_REDIS_URL,
        "TTS_ENGINE": "espeak",
    }
    served = json.loads(run([str(python), "-c", SERVE], cwd=elsewhere, env=env).stdout)

    installed = Path(served["app"]).resolve()
    assert installed.is_relative_to(site_packages.resolve()), installed
    assert files(installed.parent) >= files(ROOT / "app")
    login_status, login_type, login = served["pages"]["/admin/login"]
    assert (login_status, login_type) == (200, "text/html")
    assert "<html" in login and 'type="password"' in login
    article_status, article_type, article = served["pages"]["/articles/your-results"]
    assert (article_status, article_type) == (200, "text/html")
    title = library().articles["your-results"].title
    assert "<html" in article and str(escape(title)) in article
    css_status, css_type, _ = served["pages"]["/static/admin.css"]
    assert (css_status, css_type) == (200, "text/css")
