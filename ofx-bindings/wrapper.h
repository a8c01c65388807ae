/* The OFX headers amfx binds (scripts/regen-bindings). The colour-management names of OFX 1.5
   (ofxColour.h) are not in these headers; they are declared by hand in src/colour.rs. */
#include <stdbool.h>
#include "ofxCore.h"
#include "ofxProperty.h"
#include "ofxImageEffect.h"
#include "ofxParam.h"
#include "ofxMemory.h"
#include "ofxMessage.h"
#include "ofxMultiThread.h"
#include "ofxProgress.h"
#include "ofxTimeLine.h"
#include "ofxPixels.h"
#include "ofxInteract.h"
#include "ofxDialog.h"
#include "ofxParametricParam.h"
#include "ofxOpenGLRender.h"
