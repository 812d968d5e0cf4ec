"""The deterministic content of the test WordPress: the seed article, special cases and news.

About sixty published posts over nine days of November 2019 (one day with more than a page of
them), the seed article and its neighbour as the site model shows them, the cases DESIGN §1 names
(a photo credit, the default category only, `<!--nextpage-->`, Gutenberg `<figure>` blocks), an
edited and a renamed post, and posts nobody may archive: drafts, a pending one, a scheduled one, a
private one, a password-protected one and trashed ones.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from newsbot.normalize import slug_of
from newsbot.replica import generator, words
from newsbot.replica.fixed import fixed_posts
from newsbot.replica.terms import CATEGORIES, TAGS
from newsbot.sites.arbuz import PROFILE as ARBUZ
from tests.wordpress import blocks as b
from tests.wordpress.model import Photo, Post, Term

CATEGORY = {term.name: Term(term.name, term.slug, "category") for term in CATEGORIES.values()}
TAG = {term.name: Term(term.name, term.slug, "post_tag") for term in TAGS.values()}
DAY_COUNTS: dict[date, int] = {
    date(2019, 11, 4): 5,
    date(2019, 11, 5): 6,
    date(2019, 11, 6): 5,
    date(2019, 11, 7): 3,
    date(2019, 11, 8): 6,
    date(2019, 11, 9): 4,
    date(2019, 11, 10): 3,
    date(2019, 11, 11): 12,
    date(2019, 11, 12): 6,
}
"""News written by the generator per site-local day (the seed's day also has the fixed posts)."""
HIDDEN_ID = 49001
"""Posts that are not published get ids from here on."""
BODY_IMAGE = "https://arbuztoday.ru/wp-content/uploads/2019/11/naberezhnaya.jpg"


def local(day: date, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second), ARBUZ.zone).astimezone(UTC)


@dataclass
class Content:
    """Every post of the site (current state), in load order, and a slug registry."""

    posts: list[Post] = field(default_factory=list)
    slugs: set[str] = field(default_factory=set)

    def unique_slug(self, title: str) -> str:
        base = slug_of(title, ARBUZ.language) or "post"
        slug, number = base, 2
        while slug in self.slugs:
            slug, number = f"{base}-{number}", number + 1
        self.slugs.add(slug)
        return slug

    def add(self, post: Post) -> Post:
        self.slugs.add(post.slug)
        self.posts.append(post)
        return post

    def replace(self, post: Post) -> Post:
        self.posts = [post if old.key == post.key else old for old in self.posts]
        self.slugs.add(post.slug)
        return post

    def remove(self, post: Post) -> None:
        self.posts = [old for old in self.posts if old.key != post.key]

    def __getitem__(self, key: str) -> Post:
        for post in self.posts:
            if post.key == key:
                return post
        raise KeyError(key)

    @property
    def terms(self) -> list[Term]:
        seen: dict[tuple[str, str], Term] = {}
        for post in self.posts:
            for term in (*post.categories, *post.tags):
                seen.setdefault((term.taxonomy, term.slug), term)
        return list(seen.values())

    def public(self) -> list[Post]:
        """The posts the archive must hold, oldest first."""
        return sorted((post for post in self.posts if post.public), key=lambda p: p.published)

    def documents(self) -> dict[str, str]:
        """Canonical URL → seed document of every public post."""
        return {post.url: post.document() for post in self.public()}


def _generated_blocks(title: str, rng: random.Random) -> tuple[b.Block, ...]:
    converted: list[b.Block] = []
    for kind, value in generator.generated_body(rng.getrandbits(48), title):
        if kind == "h2" and isinstance(value, str):
            converted.append(b.Heading(value))
        elif kind == "ul" and isinstance(value, tuple):
            converted.append(b.BulletList(value))
        elif kind == "blockquote" and isinstance(value, str):
            converted.append(b.Quote((value,), ""))
        elif isinstance(value, str):
            converted.append(b.paragraph(value))
    return tuple(block for block in converted if not isinstance(block, b.Quote) or block.citation)


def _photo(name: str, rng: random.Random) -> Photo | None:
    roll = rng.random()
    if roll < 0.45:
        return None
    kind = "Фото и видео" if roll > 0.9 else "Фото"
    source = rng.choice(words.CREDIT_SOURCES).format(site=ARBUZ.name)
    return Photo(name, f"{kind}: {source}")


def news_post(key: str, published: datetime, content: Content, rng: random.Random) -> Post:
    """A generated news post (headline, body, terms, maybe a photo) published at `published`."""
    title = generator.headline(rng)
    names = [name for _, name in words.CATEGORIES if name != "Основное"]
    categories = [CATEGORY[rng.choice(names)]]
    if rng.random() < 0.35:
        categories.append(CATEGORY["Основное"])
    tags = tuple(TAG[name] for name in rng.sample(sorted(TAG), rng.choice((0, 1, 1, 2, 3))))
    return Post(
        key=key,
        title=title,
        slug=content.unique_slug(title),
        published=published,
        blocks=_generated_blocks(title, rng),
        categories=tuple(categories),
        tags=tags,
        photo=_photo(f"photo-{key}", rng),
    )


UPDATE_PARAGRAPH = b.paragraph("Обновлено: подробности уточняются.")
"""What an edit between two runs adds to a post."""


def fresh_post(content: Content, published: datetime) -> Post:
    """A news post written now (not yet in `content`): `new-1`, `new-2`, … in the order made."""
    number = 1 + sum(post.key.startswith("new-") for post in content.posts)
    while any(post.key == f"new-{number}" for post in content.posts):
        number += 1
    return news_post(f"new-{number}", published, content, random.Random(1000 + number))


def _fixed(content: Content) -> Iterator[Post]:
    """The seed article (48213) and its neighbour (48207), as the site model prints them."""
    for fixed in fixed_posts():
        media = fixed.media
        yield Post(
            key="seed" if fixed.id == 48213 else "neighbour",
            title=fixed.title,
            slug=fixed.slug,
            published=fixed.published,
            blocks=tuple(b.paragraph(str(text)) for _, text in fixed.body or ()),
            categories=tuple(CATEGORY[CATEGORIES[i].name] for i in fixed.categories),
            tags=tuple(TAG[TAGS[i].name] for i in fixed.tags),
            photo=Photo(media.name, media.caption, media.width, media.height, id=media.id)
            if media
            else None,
            classic=True,
            modified=fixed.modified if fixed.modified != fixed.published else None,
            id=fixed.id,
        )
        content.slugs.add(fixed.slug)


def _special(content: Content) -> Iterator[Post]:
    """The cases DESIGN §1 names, one published post each."""
    yield Post(
        key="photo-credit",
        title="Губернатор открыл новую школу в Трусовском районе",
        slug="gubernator-otkryl-novuyu-shkolu-v-trusovskom-rajone",
        published=local(date(2019, 11, 8), 10, 15, 7),
        blocks=(
            b.paragraph("В Трусовском районе Астрахани открылась школа на 1 224 ученика."),
            b.paragraph("Здание построено в рамках национального проекта «Образование»."),
            b.paragraph(
                "«Школа должна стать центром притяжения для всего района», – отметил губернатор."
            ),
        ),
        categories=(CATEGORY["Власть"], CATEGORY["Образование"], CATEGORY["Основное"]),
        tags=(TAG["Игорь Бабушкин"],),
        photo=Photo(
            "shkola-trusovskij",
            "Фото и видео: пресс-служба губернатора Астраханской области",
            1200,
            800,
            alt="Новая школа",
        ),
    )
    yield Post(
        key="default-category",
        title="В Астрахани прошёл осенний субботник",
        slug="v-astraxani-proshyol-osennij-subbotnik",
        published=local(date(2019, 11, 9), 12, 30, 41),
        blocks=(b.paragraph("Жители Кировского района вышли на уборку дворов и скверов."),),
    )
    yield Post(
        key="nextpage",
        title="Как менялась набережная Волги: история в трёх частях",
        slug="kak-menyalas-naberezhnaya-volgi-istoriya-v-tryox-chastyax",
        published=local(date(2019, 11, 10), 14, 0, 12),
        blocks=(
            b.Heading("Начало"),
            b.paragraph("Первую набережную в Астрахани построили в XIX веке."),
            b.PageBreak(),
            b.Heading("Реконструкция"),
            b.paragraph("В 2009 году к 450-летию города набережную полностью перестроили."),
            b.paragraph("Появились фонтаны, аллеи и смотровые площадки."),
            b.PageBreak(),
            b.Heading("Сегодня"),
            b.paragraph("Сейчас набережная – любимое место прогулок астраханцев."),
        ),
        categories=(CATEGORY["Культура"],),
        tags=(TAG["Астрахань"],),
    )
    yield Post(
        key="figures",
        title="Бюджет области на 2020 год: главное в цифрах",
        slug="byudzhet-oblasti-na-2020-god-glavnoe-v-cifrax",
        published=local(date(2019, 11, 11), 16, 45, 3),
        blocks=(
            b.paragraph("Депутаты областной думы приняли бюджет в первом чтении."),
            b.Table(
                (
                    ("Статья", "2019", "2020"),
                    ("Доходы", "52,1 млрд", "55,4 млрд"),
                    ("Расходы", "54,0 млрд", "57,9 млрд"),
                )
            ),
            b.Pullquote("Бюджет остаётся социально ориентированным.", "Игорь Мартынов"),
            b.Quote(
                ("Мы сохранили все социальные обязательства.", "Зарплаты бюджетникам вырастут."),
                "министр финансов области",
            ),
            b.Heading("Что ещё изменится", 3),
            b.BulletList(("дороги", "школы", "больницы")),
            b.Preformatted(("Доходы: 55,4", "Расходы: 57,9", "Дефицит: 2,5")),
            b.Preformatted(("Бюджет принят,", "работа кипит,", "область растёт."), verse=True),
            b.Image(BODY_IMAGE, "Фото: АРБУЗ", alt="Заседание думы"),
            b.paragraph("Второе чтение назначено на декабрь.", "Подробности – на сайте думы."),
            b.Embed("https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
            b.paragraph("Трансляция заседания доступна на канале думы."),
        ),
        categories=(CATEGORY["Экономика"], CATEGORY["Основное"]),
        tags=(TAG["Игорь Мартынов"],),
    )
    yield Post(
        key="caption-not-credit",
        title="На набережной Волги зажгли новые фонари",
        slug="na-naberezhnoj-volgi-zazhgli-novye-fonari",
        published=local(date(2019, 11, 12), 9, 20, 55),
        blocks=(b.paragraph("На набережной установили 120 светодиодных фонарей."),),
        categories=(CATEGORY["ЖКХ"],),
        photo=Photo("fonari-naberezhnaya", "Набережная Волги вечером"),
    )
    yield Post(
        key="photo-no-caption",
        title="В Астрахани открылся новый сквер",
        slug="v-astraxani-otkrylsya-novyj-skver",
        published=local(date(2019, 11, 5), 13, 10, 0),
        blocks=(b.paragraph("Сквер на улице Боевой открыли после благоустройства."),),
        categories=(CATEGORY["Общество"],),
        photo=Photo("skver-boevaya", ""),
    )
    yield Post(
        key="edited",
        title="Движение по Новому мосту ограничат на выходных",
        first_title="Движение по Новому мосту ограничат",
        slug="dvizhenie-po-novomu-mostu-ogranichat",
        published=local(date(2019, 11, 6), 11, 5, 30),
        modified=local(date(2019, 11, 7), 9, 0, 0),
        blocks=(
            b.paragraph("Ограничения будут действовать в субботу и воскресенье с 10:00 до 18:00."),
            b.paragraph("Обновлено: объезд организован по Старому мосту."),
        ),
        categories=(CATEGORY["Транспорт"],),
    )
    yield Post(
        key="renamed",
        title="Волгарь обыграл Текстильщик на своём поле",
        slug="volgar-obygral-tekstilshhik-na-svoyom-pole",
        first_slug="srochno-volgar-obygral-tekstilshhik",
        published=local(date(2019, 11, 8), 15, 40, 2),
        modified=local(date(2019, 11, 8), 17, 40, 2),
        blocks=(b.paragraph("Матч прошёл при поддержке 5 000 болельщиков."),),
        categories=(CATEGORY["Спорт"],),
    )


def _hidden() -> Iterator[Post]:
    """Posts that are on the site but must never be archived (or not publicly on it at all)."""
    text = (b.paragraph("Этот текст не должен попасть в архив."),)
    for key, status, moment, password in (
        ("draft", "draft", local(date(2019, 11, 9), 10, 0), ""),
        ("draft-undated", "draft", local(date(2019, 11, 12), 18, 0), ""),
        ("pending", "pending", local(date(2019, 11, 10), 11, 0), ""),
        ("scheduled", "future", local(date(2099, 1, 1), 12, 0), ""),
        ("private", "private", local(date(2019, 11, 8), 12, 0), ""),
        ("password", "publish", local(date(2019, 11, 11), 12, 0), "arbuz"),
        ("trashed", "trash", local(date(2019, 11, 7), 12, 0), ""),
        ("trashed-later", "trash", local(date(2019, 11, 11), 19, 0), ""),
    ):
        yield Post(
            key=key,
            title=f"Закрытая новость ({key})",
            slug=f"zakrytaya-novost-{key}",
            published=moment,
            blocks=text,
            categories=(CATEGORY["Общество"],),
            status=status,  # type: ignore[arg-type]
            password=password,
        )


def _with_ids(posts: list[Post], first_hidden: int = HIDDEN_ID) -> Iterator[Post]:
    """Ids that grow with publication around the fixed ones, a photo's id next to its post's."""
    neighbour = next(post for post in posts if post.key == "neighbour")
    seed = next(post for post in posts if post.key == "seed")
    shown = sorted((p for p in posts if p.id is None and p.public), key=lambda p: p.published)
    before = [p for p in shown if p.published < neighbour.published]
    between = [p for p in shown if neighbour.published <= p.published < seed.published]
    after = [p for p in shown if p.published >= seed.published]
    if len(between) > 2:
        raise ValueError("at most two posts fit between the fixed ids 48207 and 48213")
    ids: dict[str, int] = {}
    for offset, post in enumerate(reversed(before)):
        ids[post.key] = 48205 - 2 * offset
    for offset, post in enumerate(between):
        ids[post.key] = 48209 + 2 * offset
    for offset, post in enumerate(after):
        ids[post.key] = 48215 + 2 * offset
    hidden = [p for p in posts if p.id is None and not p.public]
    for offset, post in enumerate(hidden):
        ids[post.key] = first_hidden + 2 * offset
    for post in posts:
        post_id = post.id if post.id is not None else ids[post.key]
        photo = post.photo
        if photo is not None and photo.id is None:
            photo = Photo(
                photo.name, photo.caption, photo.width, photo.height, photo.alt, post_id + 1
            )
        yield post.edited(id=post_id, photo=photo)


def build_content() -> Content:
    """The site's initial content (the same every time)."""
    content = Content()
    posts = [*_fixed(content), *_special(content), *_hidden()]
    for post in posts:
        content.slugs.add(post.slug)
        content.slugs.add(post.first_slug)
    taken = {post.published for post in posts}
    seed_day = date(2019, 11, 7)
    seed_evening = (local(seed_day, 18, 0), local(seed_day, 21, 30))
    rng = random.Random(14)
    number = 0
    for day, count in DAY_COUNTS.items():
        moments: list[datetime] = []
        while len(moments) < count:
            moment = local(day, rng.randint(8, 20), rng.randrange(60), rng.randrange(60))
            if moment not in taken and not seed_evening[0] <= moment < seed_evening[1]:
                taken.add(moment)
                moments.append(moment)
        for moment in sorted(moments):
            number += 1
            posts.append(news_post(f"news-{number}", moment, content, rng))
    for post in sorted(_with_ids(posts), key=lambda p: p.id or 0):
        content.add(post)
    return content
