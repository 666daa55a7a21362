/*
 * mpi_adapter.c -- the only file that includes <mpi.h> (docs/scaling.md).
 *
 * It gives the scenario engine a cluster of processes (pp_cluster) and four ways to
 * talk over it: send a byte buffer, look for a waiting message, wait for one, receive
 * it.  The protocol itself (distribute.c) knows nothing of MPI.  Built without MPI
 * (meson -Dmpi=disabled, or no MPI found) every process is alone: pp_cluster_join
 * gives NULL and the engine runs on one machine as it always did.
 *
 * MPI is initialised only when a launcher started the process (mpirun, mpiexec or
 * srun leave their variables in the environment) and the job has more than one
 * process; a plain `peakplan whatif` never touches MPI.  Only the calling thread
 * talks to MPI (MPI_THREAD_FUNNELED): the planning threads never do.
 */
#include <stdlib.h>
#include <string.h>

#ifdef PP_HAVE_MPI
#include <mpi.h>
#endif

#include "core/alloc.h"
#include "peakplan/scenario.h"
#include "scenario/scenario_internal.h"

struct pp_cluster {
    int rank, size;
};

int pp_cluster_rank(const pp_cluster *c) { return c ? c->rank : 0; }
int pp_cluster_size(const pp_cluster *c) { return c ? c->size : 1; }

bool pp_cluster_available(void)
{
#ifdef PP_HAVE_MPI
    return true;
#else
    return false;
#endif
}

/* Started by an MPI launcher: Open MPI's mpirun, a PMI or PMIx launcher (srun). */
static bool launched(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE",
                                       "PMI_RANK"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        if (getenv(vars[i]))
            return true;
    return false;
}

pp_status pp_cluster_join(pp_cluster **out, pp_error *err)
{
    *out = NULL;
    if (!launched())
        return PP_OK;
#ifdef PP_HAVE_MPI
    int provided = 0, inited = 0;
    MPI_Initialized(&inited);
    if (!inited && MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        return pp_error_set(err, PP_EIO, "MPI: initialisation failed");
    pp_cluster *c = pp_calloc(1, sizeof *c);
    if (!c) {
        MPI_Finalize();
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    }
    /* errors come back as codes, so a failed send is reported, not an abort here */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_rank(MPI_COMM_WORLD, &c->rank);
    MPI_Comm_size(MPI_COMM_WORLD, &c->size);
    *out = c;
    return PP_OK;
#else
    (void)err;
    return PP_OK;
#endif
}

void pp_cluster_leave(pp_cluster *c, int abort_code)
{
    if (!c)
        return;
#ifdef PP_HAVE_MPI
    if (abort_code != 0)
        MPI_Abort(MPI_COMM_WORLD, abort_code); /* ends every process of the job */
    MPI_Finalize();
#else
    (void)abort_code;
#endif
    pp_free(c);
}

int pp_cluster_send(pp_cluster *c, int dest, int tag, const void *buf, size_t len)
{
#ifdef PP_HAVE_MPI
    (void)c;
    if (len > (size_t)0x7fffffff)
        return -1;
    return MPI_Send(buf, (int)len, MPI_BYTE, dest, tag, MPI_COMM_WORLD) == MPI_SUCCESS ? 0 : -1;
#else
    (void)c, (void)dest, (void)tag, (void)buf, (void)len;
    return -1;
#endif
}

#ifdef PP_HAVE_MPI
static int probed(const MPI_Status *s, int *from, int *tag, size_t *len)
{
    int count = 0;
    if (MPI_Get_count(s, MPI_BYTE, &count) != MPI_SUCCESS || count < 0)
        return -1;
    *from = s->MPI_SOURCE;
    *tag = s->MPI_TAG;
    *len = (size_t)count;
    return 1;
}
#endif

int pp_cluster_poll(pp_cluster *c, int *from, int *tag, size_t *len)
{
#ifdef PP_HAVE_MPI
    (void)c;
    int flag = 0;
    MPI_Status s;
    if (MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &s) != MPI_SUCCESS)
        return -1;
    return flag ? probed(&s, from, tag, len) : 0;
#else
    (void)c, (void)from, (void)tag, (void)len;
    return -1;
#endif
}

int pp_cluster_wait(pp_cluster *c, int src, int *tag, size_t *len)
{
#ifdef PP_HAVE_MPI
    (void)c;
    MPI_Status s;
    int from;
    if (MPI_Probe(src, MPI_ANY_TAG, MPI_COMM_WORLD, &s) != MPI_SUCCESS)
        return -1;
    return probed(&s, &from, tag, len) == 1 ? 0 : -1;
#else
    (void)c, (void)src, (void)tag, (void)len;
    return -1;
#endif
}

int pp_cluster_recv(pp_cluster *c, int from, int tag, void *buf, size_t len)
{
#ifdef PP_HAVE_MPI
    (void)c;
    char dummy;
    return MPI_Recv(len ? buf : &dummy, (int)len, MPI_BYTE, from, tag, MPI_COMM_WORLD,
                    MPI_STATUS_IGNORE) == MPI_SUCCESS
               ? 0
               : -1;
#else
    (void)c, (void)from, (void)tag, (void)buf, (void)len;
    return -1;
#endif
}
