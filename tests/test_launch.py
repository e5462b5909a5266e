"""Running the lessons live: the launch links on each lesson page, the image files in .binder/, and the course
package finding its data when it is installed into an image and the lessons are pulled into a home folder."""

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml

from course import paths
from course.paths import CourseFolderNotFound, find_root
from course.site import environment, student_repo
from support import HTML, ROOT

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
LESSONS = sorted(p.stem for p in paths.NOTEBOOKS.glob("*.ipynb"))


def _course_copy(where: Path) -> Path:
    (where / "data").mkdir(parents=True)
    (where / "data" / "datapackage.json").write_text("{}")
    (where / "notebooks").mkdir()
    return where


def test_root_is_the_package_parent_in_a_clone(tmp_path):
    course = _course_copy(tmp_path / "clone")
    assert find_root(course / "course", tmp_path) == course


def test_root_is_found_from_the_lesson_folder_when_the_package_is_installed(tmp_path):
    site_packages = tmp_path / "image" / "site-packages"
    pulled = _course_copy(tmp_path / "home" / "russia-china-course")
    assert find_root(site_packages / "course", pulled / "notebooks") == pulled
    assert find_root(site_packages / "course", pulled) == pulled


def test_outside_the_course_the_error_says_what_to_do(tmp_path):
    with pytest.raises(CourseFolderNotFound, match="Open the lesson from inside the course folder"):
        find_root(tmp_path / "site-packages" / "course", tmp_path / "elsewhere")


def test_requirements_file_is_current():
    written = (ROOT / ".binder" / "requirements.txt").read_text(encoding="utf-8")
    assert written == environment.requirements_text(), "run `python -m course.site.environment` and commit .binder/"


def test_image_pins_match_the_lock_and_hold_what_lessons_need():
    lock = environment.locked_versions()
    pins = {}
    for line in (ROOT / ".binder" / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name] = version
    assert pins and all(lock[n] == v for n, v in pins.items())
    for needed in [
        "pandas",
        "matplotlib",
        "ipywidgets",
        "jupyterquiz",
        "shapely",
        "pyyaml",
        "ipykernel",
        "jupyterlab",
        "nbgitpuller",
    ]:
        assert needed in pins, f"the image lacks {needed}"
    for dev_only in ["pytest", "jupyter-book", "sphinx", "myst-nb", "playwright", "nbval", "frictionless", "tqdm"]:
        assert dev_only not in pins, f"{dev_only} is build, test or grading tooling; keep it out of the students' image"
    assert (
        ROOT / ".binder" / "runtime.txt"
    ).read_text().strip() == f"python-{sys.version_info.major}.{sys.version_info.minor}"


def _launch_links(page: Path) -> list[str]:
    """Every link target on a built page."""
    return re.findall(r'<a [^>]*href="([^"]+)"', page.read_text(encoding="utf-8"))


@pytest.mark.book
@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_page_offers_download_and_jupyterhub(lesson):
    page = HTML / "notebooks" / f"{lesson}.html"
    if not page.is_file():
        pytest.fail(f"{page} is not built: run `make book` first", pytrace=False)
    hrefs = _launch_links(page)
    downloads = [h for h in hrefs if h.endswith(f"_sources/notebooks/{lesson}.ipynb")]
    assert downloads, f"{lesson}: no download link to the notebook"
    assert (page.parent / downloads[0]).resolve().is_file(), f"{lesson}: the download link points at nothing"

    hub = CONFIG["launch_buttons"]["jupyterhub_url"].rstrip("/")
    pulls = [urlparse(h) for h in hrefs if h.startswith(f"{hub}/hub/user-redirect/git-pull?")]
    assert len(pulls) == 1, f"{lesson}: expected one nbgitpuller link to {hub}"
    query = parse_qs(pulls[0].query)
    repo_name = CONFIG["repository"]["url"].rstrip("/").rsplit("/", 1)[1]
    assert query["repo"] == [CONFIG["repository"]["url"]]
    assert query["branch"] == [CONFIG["repository"]["branch"]]
    assert query["urlpath"] == [f"lab/tree/{repo_name}/notebooks/{lesson}.ipynb"]


# The image's first layer, .binder/requirements.txt installed, as `make hub-image` (part of make test) builds it.
HUB_IMAGE = ROOT / "_build" / "hub-image"


@pytest.mark.slow
@pytest.mark.network  # `make hub-image` installs from the package registry, and so does postBuild: not in test-fast
def test_hub_image_runs_a_lesson_pulled_into_a_home_folder(tmp_path):
    """Build the image's environment as repo2docker would from the students' repository (its requirements.txt,
    then its postBuild), clone the lessons into a 'home folder' as nbgitpuller does, and run one there.

    The requirements layer is `make hub-image`'s, copied: like Docker's layer cache it is rebuilt only when the
    requirements change (installing them is most of the image's build), and it must have been built from the
    requirements the students' repository carries. Every later step runs afresh on the copy."""
    students = tmp_path / "student-repo"
    student_repo.build(students)
    build_dir = tmp_path / "repo"  # repo2docker clones the repository and builds from the clone
    env = {"PATH": f"{tmp_path / 'image' / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path)}
    subprocess.run(["git", "clone", "--quiet", str(students), str(build_dir)], check=True, env=env)
    if not (HUB_IMAGE / ".installed").is_file():
        pytest.fail(
            "The hub image's requirements layer is not built: run `make hub-image` (make test does it first).",
            pytrace=False,
        )
    if (HUB_IMAGE / "requirements.txt").read_bytes() != (build_dir / ".binder" / "requirements.txt").read_bytes():
        pytest.fail(
            f"{HUB_IMAGE} was built from other requirements than the students' .binder/requirements.txt: "
            "run `make hub-image`.",
            pytrace=False,
        )
    venv = tmp_path / "image"
    subprocess.run(["cp", "-a", str(HUB_IMAGE), str(venv)], check=True)  # symlinks kept: bin/python stays the base's
    python = venv / "bin" / "python"
    subprocess.run(["bash", ".binder/postBuild"], cwd=build_dir, env=env, check=True, capture_output=True)
    shutil.rmtree(build_dir)  # like the home mount hiding the image's copy of the repository

    home = tmp_path / "home" / "russia-china-course"
    subprocess.run(["git", "clone", "--quiet", str(students), str(home)], check=True, env=env)
    image_has = subprocess.run(
        [str(python), "-c", "import course.kit, course.grading.public; import course.site"],
        cwd=home / "notebooks",
        env=env,
        capture_output=True,
        text=True,
    )
    assert "No module named 'course.site'" in image_has.stderr, (
        f"the image carries the site tooling or lacks the kit: {image_has.stderr[-500:]}"
    )
    # A cell that never finishes fails with its own source (nbclient's per-cell timeout) rather than as the whole
    # run's; the run's own limit says what nbconvert had printed by then.
    try:
        run = subprocess.run(
            # nbconvert as a module, not the `jupyter nbconvert` script: the copy's scripts start the layer's own
            # Python (their first line names it), where postBuild did not install the course
            [
                str(python),
                "-m",
                "nbconvert",
                "--to",
                "notebook",
                "--execute",
                "--stdout",
                "--ExecutePreprocessor.timeout=150",
                "03_trade_and_energy.ipynb",
            ],
            cwd=home / "notebooks",
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    except subprocess.TimeoutExpired as stuck:
        printed = stuck.stderr.decode(errors="replace") if isinstance(stuck.stderr, bytes) else (stuck.stderr or "")
        pytest.fail(f"lesson 03 did not finish in 300 s in the image; nbconvert had printed: {printed[-3000:]!r}")
    assert run.returncode == 0, run.stderr[-3000:]
    assert (
        str(home / "data")
        in subprocess.run(
            [str(python), "-c", "from course import paths; print(paths.DATA)"],
            cwd=home / "notebooks",
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    assert "Trade by year" in run.stdout
