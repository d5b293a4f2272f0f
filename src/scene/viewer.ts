/**
 * The Cesium viewer, fully offline: no ion token, no geocoder or base-layer picker (both call ion),
 * imagery from Cesium's bundled NaturalEarthII tiles (served from our own origin under
 * CESIUM_BASE_URL) or none, and render-on-request so an idle twin costs nothing.
 */
import { Ion, Viewer, ImageryLayer, TileMapServiceImageryProvider, buildModuleUrl, Color } from 'cesium';
import 'cesium/Build/Cesium/Widgets/widgets.css';

export interface ViewerOptions {
  /** show the bundled NaturalEarthII imagery (coarse, offline); false = a plain globe colour */
  imagery?: boolean;
}

export function createViewer(container: HTMLElement, opts: ViewerOptions = {}): Viewer {
  Ion.defaultAccessToken = '';
  const baseLayer = opts.imagery
    ? ImageryLayer.fromProviderAsync(
        TileMapServiceImageryProvider.fromUrl(buildModuleUrl('Assets/Textures/NaturalEarthII')),
        {},
      )
    : false;
  const viewer = new Viewer(container, {
    baseLayer,
    geocoder: false,
    baseLayerPicker: false,
    homeButton: false,
    sceneModePicker: false,
    navigationHelpButton: false,
    animation: false,
    timeline: false,
    fullscreenButton: false,
    infoBox: false,
    selectionIndicator: false,
    // 4× MSAA (Cesium's default) quadruples the software-rendered cost of every frame
    msaaSamples: 1,
    skyBox: false,
    skyAtmosphere: false,
    requestRenderMode: true,
    maximumRenderTimeChange: Infinity,
    // pixel reads in tests and PNG snapshots need the drawing buffer kept after compositing
    contextOptions: { webgl: { preserveDrawingBuffer: true, alpha: false } },
  });
  const scene = viewer.scene;
  scene.globe.baseColor = Color.fromCssColorString('#6f7f5e');
  scene.globe.depthTestAgainstTerrain = true; // terrain hides what is behind it (water, buildings)
  scene.globe.enableLighting = false;
  scene.fog.enabled = false;
  // a software-rendered (SwiftShader) frame costs ~0.5 s with the full sky and ground atmosphere:
  // the twin does not need them
  scene.globe.showGroundAtmosphere = false;
  if (scene.sun) scene.sun.show = false;
  if (scene.moon) scene.moon.show = false;
  scene.backgroundColor = Color.fromCssColorString('#1c262d');
  scene.postProcessStages.fxaa.enabled = false;
  // the credit line would link to Cesium's site; keep its logo hidden (attribution is in the README)
  (viewer.cesiumWidget.creditContainer as HTMLElement).style.display = 'none';
  return viewer;
}
