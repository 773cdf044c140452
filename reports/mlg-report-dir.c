/* mlg-report-dir.c - how every writer puts its files into --out.
 *
 * A report directory is shared: cron jobs write into it while people
 * read it, other users may be able to write to it, and two runs can
 * overlap. So no report file is ever opened under a name someone could
 * have prepared. Each run makes its own staging directory inside the
 * report directory (mkdtemp: a fresh name, mode 0700, on the same file
 * system) and creates its files there with O_CREAT | O_EXCL |
 * O_NOFOLLOW. Nothing is renamed into place until every file of the run
 * is written and on disk (syncfs), so a failure part-way (a full disk, an
 * unwritable file) leaves the previous report as it was. Then, holding an
 * flock on the report directory so that overlapping runs take turns, the
 * files are renamed into place in the order they were written (the HTML
 * writer ends with index.html, so a reader never follows a link to a page
 * that is not there yet) and the directory is synced.
 *
 * The set is swapped as one: a file that replaces an old one is exchanged
 * with it (renameat2 RENAME_EXCHANGE), so the old file moves into the
 * staging directory, and the files an earlier run left that this run did
 * not write move there too. When any step fails, every step already done
 * is undone in reverse, and the report directory holds the old set, all
 * of it; the staging directory, with whatever it holds, goes at the end.
 *
 * A rename replaces a symlink planted at a final name instead of writing
 * through it. A run killed part-way leaves only its staging directory,
 * which the next run removes: a staging directory whose flock can be
 * taken belongs to no running mlgauge. */
#define _GNU_SOURCE /* syncfs() */
#include "mlg-reports-private.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define STAGING_PREFIX ".mlgauge-"

struct _MlgReportDir {
    char *dir;                /* the report directory, as given */
    int dir_fd;               /* open on it: renames and the lock use it */
    char *staging;            /* the staging directory (a path) */
    const char *staging_name; /* its last component, in `staging` */
    int staging_fd;           /* open and flock'ed while the run lives */
    GPtrArray *names;         /* files written so far, in order */
    GHashTable *written;      /* the same names, a set */
    MlgReportOwnsFunc owns;   /* the names this writer makes */
    bool committed;
    GArray *done;             /* Step: what the commit did, to undo it */
};

/* One thing the commit did to the report directory. */
typedef enum {
    STEP_EXCHANGED, /* a new file swapped with the old one of its name */
    STEP_MOVED_IN,  /* a new file renamed in where there was none */
    STEP_MOVED_OUT  /* an earlier run's stale file moved to staging */
} StepKind;

typedef struct {
    StepKind kind;
    const char *name; /* owned by `names`, or by the walk of the commit */
} Step;

/* Tests make the commit fail at its nth rename (1-based; 0: never), to
 * see that the report is left all old. */
static guint fail_rename_at;

void
_mlg_report_dir_fail_rename_at (guint n)
{
    fail_rename_at = n;
}

/* renameat2(), or EIO when the test hook says this rename fails. */
static int
do_rename (int from_fd, const char *from, int to_fd, const char *to,
           unsigned int flags, guint *count)
{
    if (fail_rename_at != 0 && ++*count == fail_rename_at) {
        errno = EIO;
        return -1;
    }
    return renameat2 (from_fd, from, to_fd, to, flags);
}

/* Undoes the commit's steps, newest first. Best effort: each undo is the
 * inverse rename of one that just worked in the same directories. */
static void
undo_steps (MlgReportDir *rd)
{
    for (guint i = rd->done->len; i-- > 0;) {
        const Step *step = &g_array_index (rd->done, Step, i);

        switch (step->kind) {
        case STEP_EXCHANGED:
            renameat2 (rd->staging_fd, step->name, rd->dir_fd, step->name,
                       RENAME_EXCHANGE);
            break;
        case STEP_MOVED_IN:
            renameat (rd->dir_fd, step->name, rd->staging_fd, step->name);
            break;
        case STEP_MOVED_OUT:
            renameat (rd->staging_fd, step->name, rd->dir_fd, step->name);
            break;
        }
    }
    g_array_set_size (rd->done, 0);
}

static void
add_step (MlgReportDir *rd, StepKind kind, const char *name)
{
    Step step = { kind, name };

    g_array_append_val (rd->done, step);
}

static bool
io_error (GError **error, const char *dir, const char *name, int saved)
{
    g_set_error (error, MLG_REPORT_ERROR, MLG_ERROR_IO,
                 "cannot write '%s%s%s': %s", dir,
                 name != NULL ? G_DIR_SEPARATOR_S : "",
                 name != NULL ? name : "", g_strerror (saved));
    return false;
}

/* Waits for the report directory's lock. A file system without flock
 * (some network ones) gives ENOLCK or EBADF: the run goes on without it,
 * as safe as before against a planted file, only not serialised. */
static void
lock_dir (int fd)
{
    while (flock (fd, LOCK_EX) != 0 && errno == EINTR)
        ;
}

static void
unlock_dir (int fd)
{
    flock (fd, LOCK_UN);
}

/* Removes the files of the staging directory open as `fd`, then the
 * directory itself, `name` in the report directory open as `dir_fd`.
 * Everything goes through the descriptors, so a staging directory
 * renamed or replaced by someone else meanwhile only loses this run's
 * own files. A staging directory holds nothing but plain files. */
static void
remove_staging (int dir_fd, int fd, const char *name)
{
    int list_fd = dup (fd);
    DIR *d = list_fd >= 0 ? fdopendir (list_fd) : NULL;
    struct dirent *entry;

    if (d == NULL && list_fd >= 0)
        close (list_fd);
    while (d != NULL && (entry = readdir (d)) != NULL)
        if (strcmp (entry->d_name, ".") != 0
            && strcmp (entry->d_name, "..") != 0)
            unlinkat (fd, entry->d_name, 0);
    if (d != NULL)
        closedir (d);
    unlinkat (dir_fd, name, AT_REMOVEDIR);
}

/* Removes the staging directories of runs that died before they
 * finished: those whose flock nobody holds. Best effort: a directory of
 * another user, or one that cannot be locked, stays. */
static void
remove_abandoned (MlgReportDir *rd)
{
    g_autoptr (GDir) d = g_dir_open (rd->dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL) {
        struct stat st;
        int fd;

        if (!g_str_has_prefix (name, STAGING_PREFIX)
            || strlen (name) != strlen (STAGING_PREFIX) + 6
            || strcmp (name, rd->staging_name) == 0)
            continue;
        fd = openat (rd->dir_fd, name,
                     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            continue;
        if (fstat (fd, &st) == 0 && st.st_uid == geteuid ()
            && flock (fd, LOCK_EX | LOCK_NB) == 0)
            remove_staging (rd->dir_fd, fd, name);
        close (fd);
    }
}

/* A report directory holds one run: the files an earlier run of the same
 * writer made that this run did not (the page of a proposal that left the
 * window, or a page named after a person before --anonymize) go, once the
 * new files are in place. They move into the staging directory, which
 * goes at the end, so that a failure can bring them back. Only names this
 * writer makes are touched, so a user's own files and the other formats'
 * stay. `stale` keeps the names the steps point to. */
static bool
remove_stale (MlgReportDir *rd, GPtrArray *stale, guint *count,
              GError **error)
{
    g_autoptr (GDir) d = g_dir_open (rd->dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL) {
        struct stat st;

        if (!rd->owns (name) || g_hash_table_contains (rd->written, name))
            continue;
        /* A directory under such a name is none of ours: leave it. */
        if (fstatat (rd->dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0
            || S_ISDIR (st.st_mode))
            continue;
        if (do_rename (rd->dir_fd, name, rd->staging_fd, name,
                       RENAME_NOREPLACE, count) != 0) {
            int saved = errno;
            if (saved == ENOENT)
                continue;
            g_set_error (error, MLG_REPORT_ERROR, MLG_ERROR_IO,
                         "cannot remove '%s%s%s', left by an earlier "
                         "report: %s; remove it by hand",
                         rd->dir, G_DIR_SEPARATOR_S, name, g_strerror (saved));
            return false;
        }
        g_ptr_array_add (stale, g_strdup (name));
        add_step (rd, STEP_MOVED_OUT, stale->pdata[stale->len - 1]);
    }
    return true;
}

MlgReportDir *
_mlg_report_dir_begin (const char *dir, MlgReportOwnsFunc owns, GError **error)
{
    g_autoptr (MlgReportDir) rd = g_new0 (MlgReportDir, 1);

    g_return_val_if_fail (dir != NULL && owns != NULL, NULL);
    rd->dir = g_strdup (dir);
    rd->owns = owns;
    rd->written = g_hash_table_new (g_str_hash, g_str_equal);
    rd->dir_fd = rd->staging_fd = -1;
    rd->names = g_ptr_array_new_with_free_func (g_free);
    rd->done = g_array_new (FALSE, FALSE, sizeof (Step));
    if (g_mkdir_with_parents (dir, 0777) != 0) {
        int saved = errno;
        g_set_error (error, MLG_REPORT_ERROR, MLG_ERROR_IO,
                     "cannot create directory '%s': %s", dir,
                     g_strerror (saved));
        return NULL;
    }
    rd->dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (rd->dir_fd < 0) {
        io_error (error, dir, NULL, errno);
        return NULL;
    }
    /* Under the directory's lock, so that a run removing abandoned
     * staging directories never sees this one before it is locked. */
    lock_dir (rd->dir_fd);
    rd->staging = g_build_filename (dir, STAGING_PREFIX "XXXXXX", NULL);
    if (g_mkdtemp_full (rd->staging, 0700) == NULL) {
        int saved = errno;
        unlock_dir (rd->dir_fd);
        g_clear_pointer (&rd->staging, g_free);
        io_error (error, dir, NULL, saved);
        return NULL;
    }
    rd->staging_name = strrchr (rd->staging, G_DIR_SEPARATOR) + 1;
    rd->staging_fd = openat (rd->dir_fd, rd->staging_name,
                             O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (rd->staging_fd < 0) {
        int saved = errno;
        unlock_dir (rd->dir_fd);
        io_error (error, dir, NULL, saved);
        return NULL;
    }
    flock (rd->staging_fd, LOCK_EX | LOCK_NB);
    unlock_dir (rd->dir_fd);
    return g_steal_pointer (&rd);
}

FILE *
_mlg_report_dir_open (MlgReportDir *rd, const char *name, GError **error)
{
    FILE *out;
    int fd;

    g_return_val_if_fail (rd != NULL && !rd->committed, NULL);
    g_return_val_if_fail (name != NULL && *name != '\0' && *name != '.'
                              && strchr (name, G_DIR_SEPARATOR) == NULL
                              && rd->owns (name),
                          NULL);
    fd = openat (rd->staging_fd, name,
                 O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0) {
        io_error (error, rd->dir, name, errno);
        return NULL;
    }
    out = fdopen (fd, "wb");
    if (out == NULL) {
        int saved = errno;
        close (fd);
        io_error (error, rd->dir, name, saved);
        return NULL;
    }
    g_ptr_array_add (rd->names, g_strdup (name));
    g_hash_table_add (rd->written, rd->names->pdata[rd->names->len - 1]);
    return out;
}

bool
_mlg_report_dir_close (MlgReportDir *rd, FILE *out, GError **error)
{
    const char *name;
    int saved = 0;

    g_return_val_if_fail (rd != NULL && out != NULL && rd->names->len > 0,
                          false);
    name = rd->names->pdata[rd->names->len - 1];
    if (fflush (out) != 0 || ferror (out))
        saved = errno != 0 ? errno : EIO;
    if (fclose (out) != 0 && saved == 0)
        saved = errno;
    if (saved != 0)
        return io_error (error, rd->dir, name, saved);
    return true;
}

bool
_mlg_report_dir_add (MlgReportDir *rd, const char *name, const char *data,
                     gsize length, GError **error)
{
    FILE *out = _mlg_report_dir_open (rd, name, error);

    if (out == NULL)
        return false;
    if (length > 0 && fwrite (data, 1, length, out) != length) {
        int saved = errno;
        fclose (out);
        return io_error (error, rd->dir, name, saved);
    }
    return _mlg_report_dir_close (rd, out, error);
}

bool
_mlg_report_dir_commit (MlgReportDir *rd, GError **error)
{
    g_autoptr (GPtrArray) stale = g_ptr_array_new_with_free_func (g_free);
    guint count = 0;
    bool ok = true;

    g_return_val_if_fail (rd != NULL && !rd->committed, false);
    rd->committed = true;
    /* Every file on disk before any rename, so that after a crash a
     * report file is the old one or the whole new one, never an empty
     * one. One syncfs() for the lot: a site of 10,000 pages would wait
     * for 10,000 journal commits with an fsync() each. */
    if (syncfs (rd->staging_fd) != 0)
        return io_error (error, rd->dir, NULL, errno);
    lock_dir (rd->dir_fd);
    /* A directory where a file goes is the one thing that makes a rename
     * fail here: find it before anything is renamed, so that the report
     * stays all old rather than half new. */
    for (guint i = 0; ok && i < rd->names->len; i++) {
        const char *name = rd->names->pdata[i];
        struct stat st;

        if (fstatat (rd->dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0
            && S_ISDIR (st.st_mode))
            ok = io_error (error, rd->dir, name, EISDIR);
    }
    for (guint i = 0; ok && i < rd->names->len; i++) {
        const char *name = rd->names->pdata[i];
        struct stat st;
        bool exists = fstatat (rd->dir_fd, name, &st,
                               AT_SYMLINK_NOFOLLOW) == 0;

        if (exists
            && do_rename (rd->staging_fd, name, rd->dir_fd, name,
                          RENAME_EXCHANGE, &count) == 0)
            add_step (rd, STEP_EXCHANGED, name);
        else if (exists && errno != EINVAL && errno != ENOENT)
            ok = io_error (error, rd->dir, name, errno);
        /* No old file, or a file system that cannot exchange (EINVAL):
         * a plain rename, which replaces the old file for good. */
        else if (do_rename (rd->staging_fd, name, rd->dir_fd, name, 0,
                            &count) != 0)
            ok = io_error (error, rd->dir, name, errno);
        else if (!exists)
            add_step (rd, STEP_MOVED_IN, name);
    }
    if (ok)
        ok = remove_stale (rd, stale, &count, error);
    if (ok && fsync (rd->dir_fd) != 0 && errno != EINVAL)
        ok = io_error (error, rd->dir, NULL, errno);
    if (!ok)
        undo_steps (rd);
    else
        remove_abandoned (rd);
    unlock_dir (rd->dir_fd);
    return ok;
}

void
_mlg_report_dir_free (MlgReportDir *rd)
{
    if (rd == NULL)
        return;
    /* Whatever was not renamed into place goes with the staging
     * directory: the report keeps its previous files. */
    if (rd->staging_fd >= 0) {
        remove_staging (rd->dir_fd, rd->staging_fd, rd->staging_name);
        close (rd->staging_fd);
    } else if (rd->staging != NULL) {
        unlinkat (rd->dir_fd, rd->staging_name, AT_REMOVEDIR);
    }
    if (rd->dir_fd >= 0)
        close (rd->dir_fd);
    g_free (rd->staging);
    g_free (rd->dir);
    g_hash_table_unref (rd->written);
    g_ptr_array_unref (rd->names);
    g_array_unref (rd->done);
    g_free (rd);
}
