/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* glwindowsrc 3D example: an animated, lit OpenGL scene in an X11 window.
 *
 * Something worth capturing with glwindowsrc: a spinning torus and an
 * orbiting cube with differently coloured faces, lit by one directional
 * light and casting shadows onto a bright checkered ground, under a sky
 * that darkens towards the top.  Bright bottom and dark top make a
 * vertically flipped capture obvious at a glance.
 *
 * Only legacy (fixed-function) GL through GLX and Xlib are used, so it runs
 * anywhere, including Xvfb with Mesa's software rasteriser.
 *
 * Usage: glwindowsrc-3d-example [--title T] [--size WxH] [--frames N]
 */

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <X11/Xlib.h>
#include <X11/Xatom.h>
#include <X11/Xutil.h>
#include <GL/gl.h>
#include <GL/glx.h>

#define DEFAULT_TITLE "glwindowsrc 3D example"
#define DEFAULT_WIDTH 960
#define DEFAULT_HEIGHT 540
#define TARGET_FPS 60.0

#define TORUS_RINGS 48
#define TORUS_SIDES 24
#define GROUND_HALF_TILES 24

typedef struct
{
  const char *title;
  int width, height;
  long frames;                  /* <= 0: run forever */
} Options;

typedef struct
{
  Display *dpy;
  Window win;
  GLXContext ctx;
  Atom wm_delete;
  int width, height;
  int have_stencil;             /* shadows need a stencil buffer */
  GLuint torus_list, cube_list, ground_list;
} App;

/* World-space direction towards the light (w = 0: directional). */
static const GLfloat light_dir[4] = { -0.45f, 1.0f, 0.55f, 0.0f };

/* Sky colours, also used for the fog so the ground fades into the horizon. */
static const GLfloat sky_top[3] = { 0.03f, 0.05f, 0.16f };
static const GLfloat sky_horizon[3] = { 0.55f, 0.68f, 0.88f };

static volatile sig_atomic_t quit_requested = 0;

static void
on_signal (int signum)
{
  quit_requested = 1;
}

static void
install_signal_handlers (void)
{
  struct sigaction sa;

  memset (&sa, 0, sizeof (sa));
  sa.sa_handler = on_signal;
  sigemptyset (&sa.sa_mask);
  /* No SA_RESTART: the frame-pacing sleep is cut short so we quit at once. */
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGINT, &sa, NULL);
}

static double
now_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
sleep_seconds (double s)
{
  struct timespec ts;

  if (s <= 0)
    return;
  ts.tv_sec = (time_t) s;
  ts.tv_nsec = (long) ((s - ts.tv_sec) * 1e9);
  nanosleep (&ts, NULL);        /* EINTR is fine: the loop checks the flag */
}

static int
parse_options (int argc, char **argv, Options * opt)
{
  int i;

  opt->title = DEFAULT_TITLE;
  opt->width = DEFAULT_WIDTH;
  opt->height = DEFAULT_HEIGHT;
  opt->frames = 0;

  for (i = 1; i < argc; i++) {
    const char *arg = argv[i];
    const char *val = i + 1 < argc ? argv[i + 1] : NULL;
    char tail;
    int ok;

    if (val == NULL) {
      fprintf (stderr, "unknown option or missing value: %s\n", arg);
      return 0;
    }
    if (strcmp (arg, "--title") == 0) {
      opt->title = val;
      ok = 1;
    } else if (strcmp (arg, "--size") == 0) {
      ok = sscanf (val, "%dx%d%c", &opt->width, &opt->height, &tail) == 2
          && opt->width > 0 && opt->height > 0;
    } else if (strcmp (arg, "--frames") == 0) {
      ok = sscanf (val, "%ld%c", &opt->frames, &tail) == 1
          && opt->frames > 0;
    } else {
      fprintf (stderr, "unknown option: %s\n", arg);
      return 0;
    }
    if (!ok) {
      fprintf (stderr, "bad value for %s: %s\n", arg, val);
      return 0;
    }
    i++;
  }
  return 1;
}

/* Score a visual: it must be a double-buffered RGBA GL visual with a depth
 * buffer; a stencil buffer is a bonus (for the shadows). */
static int
visual_score (Display * dpy, XVisualInfo * vi)
{
  int use_gl = 0, rgba = 0, dbl = 0, depth = 0, stencil = 0;

  glXGetConfig (dpy, vi, GLX_USE_GL, &use_gl);
  glXGetConfig (dpy, vi, GLX_RGBA, &rgba);
  glXGetConfig (dpy, vi, GLX_DOUBLEBUFFER, &dbl);
  glXGetConfig (dpy, vi, GLX_DEPTH_SIZE, &depth);
  glXGetConfig (dpy, vi, GLX_STENCIL_SIZE, &stencil);
  if (!use_gl || !rgba || !dbl || depth < 16)
    return 0;
  return 1 + (stencil > 0);
}

static XVisualInfo *
choose_visual (Display * dpy)
{
  XVisualInfo tmpl, *list, *best = NULL;
  int n, i, best_score = 0;

  tmpl.screen = DefaultScreen (dpy);
  tmpl.depth = 24;
  tmpl.class = TrueColor;
  list = XGetVisualInfo (dpy, VisualScreenMask | VisualDepthMask |
      VisualClassMask, &tmpl, &n);
  for (i = 0; list != NULL && i < n; i++) {
    int score = visual_score (dpy, &list[i]);

    if (score > best_score) {
      best_score = score;
      best = &list[i];
    }
  }
  if (best != NULL) {
    XVisualInfo *copy = malloc (sizeof (XVisualInfo));

    *copy = *best;
    best = copy;
  }
  if (list != NULL)
    XFree (list);
  return best;
}

static void
set_title (Display * dpy, Window win, const char *title)
{
  XStoreName (dpy, win, title);
  XChangeProperty (dpy, win, XInternAtom (dpy, "_NET_WM_NAME", False),
      XInternAtom (dpy, "UTF8_STRING", False), 8, PropModeReplace,
      (const unsigned char *) title, (int) strlen (title));
}

static int
create_window (App * app, const Options * opt)
{
  Display *dpy = app->dpy;
  XVisualInfo *vi = choose_visual (dpy);
  XSetWindowAttributes attr;
  int stencil = 0;

  if (vi == NULL) {
    fprintf (stderr, "no double-buffered 24-bit TrueColor GLX visual "
        "with a depth buffer\n");
    return 0;
  }
  glXGetConfig (dpy, vi, GLX_STENCIL_SIZE, &stencil);
  app->have_stencil = stencil > 0;
  app->width = opt->width;
  app->height = opt->height;

  memset (&attr, 0, sizeof (attr));
  attr.colormap = XCreateColormap (dpy, RootWindow (dpy, vi->screen),
      vi->visual, AllocNone);
  attr.border_pixel = 0;
  attr.background_pixmap = None;
  attr.event_mask = StructureNotifyMask | ExposureMask;
  app->win = XCreateWindow (dpy, RootWindow (dpy, vi->screen), 0, 0,
      app->width, app->height, 0, vi->depth, InputOutput, vi->visual,
      CWColormap | CWBorderPixel | CWBackPixmap | CWEventMask, &attr);

  set_title (dpy, app->win, opt->title);
  app->wm_delete = XInternAtom (dpy, "WM_DELETE_WINDOW", False);
  XSetWMProtocols (dpy, app->win, &app->wm_delete, 1);

  app->ctx = glXCreateContext (dpy, vi, NULL, True);
  free (vi);
  if (app->ctx == NULL) {
    fprintf (stderr, "glXCreateContext failed\n");
    return 0;
  }
  XMapWindow (dpy, app->win);
  return 1;
}

/* ---- geometry, compiled once into display lists ---- */

/* A cheap hue wheel, to colour the torus around its ring. */
static void
hue_colour (float h)
{
  float r = 0.5f + 0.5f * cosf (2.0f * (float) M_PI * h);
  float g = 0.5f + 0.5f * cosf (2.0f * (float) M_PI * (h - 1.0f / 3.0f));
  float b = 0.5f + 0.5f * cosf (2.0f * (float) M_PI * (h - 2.0f / 3.0f));

  glColor3f (0.15f + 0.85f * r, 0.15f + 0.85f * g, 0.15f + 0.85f * b);
}

static void
torus_vertex (float major, float minor, float u, float v)
{
  float cu = cosf (u), su = sinf (u), cv = cosf (v), sv = sinf (v);

  /* The normal points from the tube's centre line to the surface. */
  glNormal3f (cv * cu, cv * su, sv);
  glVertex3f ((major + minor * cv) * cu, (major + minor * cv) * su,
      minor * sv);
}

static void
build_torus (float major, float minor)
{
  int i, j;

  for (i = 0; i < TORUS_RINGS; i++) {
    float u0 = 2.0f * (float) M_PI * i / TORUS_RINGS;
    float u1 = 2.0f * (float) M_PI * (i + 1) / TORUS_RINGS;

    glBegin (GL_QUAD_STRIP);
    for (j = 0; j <= TORUS_SIDES; j++) {
      float v = 2.0f * (float) M_PI * j / TORUS_SIDES;

      hue_colour ((float) i / TORUS_RINGS);
      torus_vertex (major, minor, u0, v);
      hue_colour ((float) (i + 1) / TORUS_RINGS);
      torus_vertex (major, minor, u1, v);
    }
    glEnd ();
  }
}

static void
build_cube (void)
{
  /* One face per row: normal, colour, then the four corners (CCW). */
  static const GLfloat faces[6][3 + 3 + 12] = {
    {0, 0, 1, 0.9f, 0.2f, 0.2f, -1, -1, 1, 1, -1, 1, 1, 1, 1, -1, 1, 1},
    {0, 0, -1, 0.2f, 0.8f, 0.3f, 1, -1, -1, -1, -1, -1, -1, 1, -1, 1, 1, -1},
    {1, 0, 0, 0.2f, 0.4f, 0.95f, 1, -1, 1, 1, -1, -1, 1, 1, -1, 1, 1, 1},
    {-1, 0, 0, 0.95f, 0.85f, 0.2f, -1, -1, -1, -1, -1, 1, -1, 1, 1, -1, 1,
        -1},
    {0, 1, 0, 0.85f, 0.3f, 0.9f, -1, 1, 1, 1, 1, 1, 1, 1, -1, -1, 1, -1},
    {0, -1, 0, 0.2f, 0.85f, 0.9f, -1, -1, -1, 1, -1, -1, 1, -1, 1, -1, -1, 1},
  };
  int f, k;

  glBegin (GL_QUADS);
  for (f = 0; f < 6; f++) {
    glNormal3fv (faces[f]);
    glColor3fv (faces[f] + 3);
    for (k = 0; k < 4; k++)
      glVertex3fv (faces[f] + 6 + 3 * k);
  }
  glEnd ();
}

/* A checkered floor at y = 0, in unit tiles; tiles rather than one big quad
 * so the per-vertex lighting and fog vary smoothly across it. */
static void
build_ground (void)
{
  int x, z;

  glNormal3f (0, 1, 0);
  glBegin (GL_QUADS);
  for (z = -GROUND_HALF_TILES; z < GROUND_HALF_TILES; z++) {
    for (x = -GROUND_HALF_TILES; x < GROUND_HALF_TILES; x++) {
      if ((x + z) & 1)
        glColor3f (0.95f, 0.93f, 0.86f);
      else
        glColor3f (0.78f, 0.76f, 0.70f);
      glVertex3f (x, 0, z + 1);
      glVertex3f (x + 1, 0, z + 1);
      glVertex3f (x + 1, 0, z);
      glVertex3f (x, 0, z);
    }
  }
  glEnd ();
}

static GLuint
compile_list (void (*build) (void))
{
  GLuint list = glGenLists (1);

  glNewList (list, GL_COMPILE);
  build ();
  glEndList ();
  return list;
}

static void
build_default_torus (void)
{
  build_torus (1.0f, 0.38f);
}

static void
init_gl (App * app)
{
  static const GLfloat ambient[4] = { 0.22f, 0.22f, 0.26f, 1.0f };
  static const GLfloat diffuse[4] = { 0.95f, 0.92f, 0.85f, 1.0f };
  static const GLfloat specular[4] = { 0.6f, 0.6f, 0.6f, 1.0f };
  static const GLfloat no_ambient[4] = { 0.0f, 0.0f, 0.0f, 1.0f };
  const GLfloat fog_colour[4] = { sky_horizon[0], sky_horizon[1],
    sky_horizon[2], 1.0f
  };

  glEnable (GL_DEPTH_TEST);
  glEnable (GL_CULL_FACE);
  glEnable (GL_NORMALIZE);
  glShadeModel (GL_SMOOTH);

  glLightModelfv (GL_LIGHT_MODEL_AMBIENT, no_ambient);
  glLightfv (GL_LIGHT0, GL_AMBIENT, ambient);
  glLightfv (GL_LIGHT0, GL_DIFFUSE, diffuse);
  glLightfv (GL_LIGHT0, GL_SPECULAR, specular);
  glEnable (GL_LIGHT0);

  /* glColor drives ambient + diffuse, so the lists can carry colours. */
  glColorMaterial (GL_FRONT, GL_AMBIENT_AND_DIFFUSE);
  glEnable (GL_COLOR_MATERIAL);
  glMaterialfv (GL_FRONT, GL_SPECULAR, specular);
  glMaterialf (GL_FRONT, GL_SHININESS, 40.0f);

  glFogi (GL_FOG_MODE, GL_LINEAR);
  glFogfv (GL_FOG_COLOR, fog_colour);
  glFogf (GL_FOG_START, 10.0f);
  glFogf (GL_FOG_END, 24.0f);

  app->torus_list = compile_list (build_default_torus);
  app->cube_list = compile_list (build_cube);
  app->ground_list = compile_list (build_ground);
}

/* ---- per-frame drawing ---- */

/* Full-window quad in normalised device coordinates, top and bottom colours
 * given; y = +1 is the top of the window (GL's y-up convention). */
static void
draw_screen_quad (const GLfloat * top, const GLfloat * bottom, GLfloat alpha)
{
  glMatrixMode (GL_PROJECTION);
  glPushMatrix ();
  glLoadIdentity ();
  glMatrixMode (GL_MODELVIEW);
  glPushMatrix ();
  glLoadIdentity ();

  glBegin (GL_QUADS);
  glColor4f (bottom[0], bottom[1], bottom[2], alpha);
  glVertex2f (-1, -1);
  glVertex2f (1, -1);
  glColor4f (top[0], top[1], top[2], alpha);
  glVertex2f (1, 1);
  glVertex2f (-1, 1);
  glEnd ();

  glPopMatrix ();
  glMatrixMode (GL_PROJECTION);
  glPopMatrix ();
  glMatrixMode (GL_MODELVIEW);
}

static void
draw_sky (void)
{
  glDisable (GL_DEPTH_TEST);
  glDisable (GL_LIGHTING);
  draw_screen_quad (sky_top, sky_horizon, 1.0f);
  glEnable (GL_DEPTH_TEST);
}

static void
set_projection (int width, int height)
{
  /* 45 degree vertical field of view, like gluPerspective without GLU. */
  double aspect = (double) width / (height > 0 ? height : 1);
  double near_z = 0.5, far_z = 60.0;
  double top = near_z * tan (45.0 * M_PI / 360.0);

  glViewport (0, 0, width, height);
  glMatrixMode (GL_PROJECTION);
  glLoadIdentity ();
  glFrustum (-top * aspect, top * aspect, -top, top, near_z, far_z);
  glMatrixMode (GL_MODELVIEW);
}

static void
set_camera (double t)
{
  glLoadIdentity ();
  /* Look slightly down at the scene from a slowly swaying viewpoint. */
  glTranslatef (0.0f, -1.2f, -9.5f);
  glRotatef (18.0f, 1, 0, 0);
  glRotatef ((GLfloat) (15.0 * sin (t * 0.25)), 0, 1, 0);
  /* Set after the view transform so the light stays fixed in the world. */
  glLightfv (GL_LIGHT0, GL_POSITION, light_dir);
}

/* Draw the moving objects in world space; used for them and their shadows. */
static void
draw_objects (const App * app, double t)
{
  double orbit = t * 0.8;

  glPushMatrix ();
  glTranslatef (0.0f, (GLfloat) (1.7 + 0.25 * sin (t * 1.3)), 0.0f);
  glRotatef ((GLfloat) (t * 50.0), 0, 1, 0);
  glRotatef ((GLfloat) (t * 31.0 + 60.0), 1, 0, 0);
  glCallList (app->torus_list);
  glPopMatrix ();

  glPushMatrix ();
  glTranslatef ((GLfloat) (3.2 * cos (orbit)), 1.0f,
      (GLfloat) (3.2 * sin (orbit)));
  glRotatef ((GLfloat) (t * 70.0), 0.3f, 1.0f, 0.2f);
  glScalef (0.55f, 0.55f, 0.55f);
  glCallList (app->cube_list);
  glPopMatrix ();
}

/* Multiply in the matrix that flattens geometry onto the plane y = lift
 * along the directional light. */
static void
mult_shadow_matrix (GLfloat lift)
{
  const GLfloat plane[4] = { 0.0f, 1.0f, 0.0f, -lift };
  GLfloat m[16], dot = 0;
  int row, col;

  for (col = 0; col < 4; col++)
    dot += plane[col] * light_dir[col];
  /* m = dot * I - light * plane^T, stored column-major as GL wants. */
  for (col = 0; col < 4; col++)
    for (row = 0; row < 4; row++)
      m[col * 4 + row] = (row == col ? dot : 0.0f) - light_dir[row] *
          plane[col];
  glMultMatrixf (m);
}

/* Darken the ground where the objects' shadows fall.  The stencil buffer
 * limits this to visible ground and to one darkening per pixel, even where
 * several shadow polygons overlap. */
static void
draw_shadows (const App * app, double t)
{
  static const GLfloat black[3] = { 0.0f, 0.0f, 0.0f };

  if (!app->have_stencil)
    return;

  /* Pass 1: mark ground pixels (stencil 1) covered by a shadow (-> 2). */
  glDisable (GL_LIGHTING);
  glColorMask (GL_FALSE, GL_FALSE, GL_FALSE, GL_FALSE);
  glDepthMask (GL_FALSE);
  glStencilFunc (GL_EQUAL, 1, 0xff);
  glStencilOp (GL_KEEP, GL_KEEP, GL_INCR);
  glDisable (GL_CULL_FACE);
  glPushMatrix ();
  mult_shadow_matrix (0.01f);
  draw_objects (app, t);
  glPopMatrix ();
  glEnable (GL_CULL_FACE);
  glColorMask (GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  glDepthMask (GL_TRUE);

  /* Pass 2: one translucent black layer over the marked pixels. */
  glStencilFunc (GL_EQUAL, 2, 0xff);
  glStencilOp (GL_KEEP, GL_KEEP, GL_KEEP);
  glDisable (GL_DEPTH_TEST);
  glDisable (GL_FOG);
  glEnable (GL_BLEND);
  glBlendFunc (GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
  draw_screen_quad (black, black, 0.45f);
  glDisable (GL_BLEND);
  glEnable (GL_DEPTH_TEST);
}

static void
draw_ground (const App * app)
{
  if (app->have_stencil) {
    glEnable (GL_STENCIL_TEST);
    glStencilFunc (GL_ALWAYS, 1, 0xff);
    glStencilOp (GL_KEEP, GL_KEEP, GL_REPLACE);
  }
  glEnable (GL_LIGHTING);
  glEnable (GL_FOG);
  glCallList (app->ground_list);
  glDisable (GL_FOG);
}

static void
draw_frame (App * app, double t)
{
  glClearColor (sky_top[0], sky_top[1], sky_top[2], 1.0f);
  glClearStencil (0);
  glClear (GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT |
      (app->have_stencil ? GL_STENCIL_BUFFER_BIT : 0));

  set_projection (app->width, app->height);
  draw_sky ();
  set_camera (t);
  draw_ground (app);
  draw_shadows (app, t);
  glDisable (GL_STENCIL_TEST);

  glEnable (GL_LIGHTING);
  draw_objects (app, t);

  glXSwapBuffers (app->dpy, app->win);
}

static void
handle_events (App * app)
{
  while (XPending (app->dpy) > 0) {
    XEvent ev;

    XNextEvent (app->dpy, &ev);
    if (ev.type == ConfigureNotify) {
      /* Picked up by set_projection () on the next frame. */
      app->width = ev.xconfigure.width;
      app->height = ev.xconfigure.height;
    } else if (ev.type == ClientMessage &&
        (Atom) ev.xclient.data.l[0] == app->wm_delete) {
      quit_requested = 1;
    }
  }
}

static void
run (App * app, long max_frames)
{
  const double period = 1.0 / TARGET_FPS;
  double start = now_seconds (), next = start;
  long frame;

  for (frame = 0; !quit_requested && (max_frames <= 0 || frame < max_frames);
      frame++) {
    double now;

    handle_events (app);
    if (quit_requested)
      break;
    draw_frame (app, now_seconds () - start);

    /* Pace to TARGET_FPS; if we fell behind, don't try to catch up. */
    next += period;
    now = now_seconds ();
    if (next < now)
      next = now;
    sleep_seconds (next - now);
  }
  /* Let the last frame reach the server before the window goes away. */
  glFinish ();
}

int
main (int argc, char **argv)
{
  Options opt;
  App app;

  if (!parse_options (argc, argv, &opt)) {
    fprintf (stderr, "usage: %s [--title T] [--size WxH] [--frames N]\n",
        argv[0]);
    return 2;
  }
  install_signal_handlers ();

  memset (&app, 0, sizeof (app));
  app.dpy = XOpenDisplay (NULL);
  if (app.dpy == NULL) {
    fprintf (stderr, "cannot open X display\n");
    return 1;
  }
  if (!create_window (&app, &opt) ||
      !glXMakeCurrent (app.dpy, app.win, app.ctx)) {
    fprintf (stderr, "cannot set up the GL window\n");
    XCloseDisplay (app.dpy);
    return 1;
  }

  init_gl (&app);
  run (&app, opt.frames);

  glDeleteLists (app.torus_list, 1);
  glDeleteLists (app.cube_list, 1);
  glDeleteLists (app.ground_list, 1);
  glXMakeCurrent (app.dpy, None, NULL);
  glXDestroyContext (app.dpy, app.ctx);
  XDestroyWindow (app.dpy, app.win);
  XCloseDisplay (app.dpy);
  return 0;
}
